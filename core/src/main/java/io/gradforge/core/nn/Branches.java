package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Validation and forward/backward sweeps over a chain of layers (a network body or a block's branch). */
final class Branches {
    private Branches() {}

    /** Checks the chain is non-empty, sizes line up from {@code inputSize}, and all layers share {@code precision}. */
    static List<Layer> validate(String what, int inputSize, List<Layer> layers, Precision precision) {
        Objects.requireNonNull(layers, what);
        if (layers.isEmpty()) throw new IllegalArgumentException(what + " must contain at least one layer but was empty.");
        List<Layer> copy = List.copyOf(layers);
        int width = inputSize;
        for (int i = 0; i < copy.size(); i++) {
            Layer l = copy.get(i);
            if (l.inputSize() != width) {
                throw new IllegalArgumentException(what + " layer " + i + " (" + l + ") expects input size " + l.inputSize()
                        + " but the previous output size is " + width + ".");
            }
            if (l.precision() != precision) {
                throw new IllegalArgumentException(what + " layer " + i + " is " + l.precision() + " but expected "
                        + precision + ".");
            }
            width = l.outputSize();
        }
        return copy;
    }

    static int outputSize(List<Layer> layers) {
        return layers.get(layers.size() - 1).outputSize();
    }

    static Tensor forward(List<Layer> layers, Tensor input, boolean training) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).forward(x, training);
        return x;
    }

    static Tensor backward(List<Layer> layers, Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    /** {@link #backward} without dL/dinput: the first layer fills only its parameter gradients. */
    static void backwardParameters(List<Layer> layers, Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) g = layers.get(i).backward(g);
        if (!layers.isEmpty()) layers.get(0).backwardParameters(g);
    }

    static void allocate(List<Layer> layers, int batchSize) {
        for (int i = 0; i < layers.size(); i++) layers.get(i).allocate(batchSize);
    }

    static void bind(List<Layer> layers, String prefix) {
        for (int i = 0; i < layers.size(); i++) LayerBase.base(layers.get(i)).bind(prefix + i);
    }

    static List<Parameter> parameters(List<Layer> layers) {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) ps.addAll(l.parameters());
        return ps;
    }

    /** Dense layers in forward order, descending into blocks. */
    static void collectDense(List<Layer> layers, List<Dense> out) {
        for (Layer l : layers) {
            switch (l) {
                case Dense d -> out.add(d);
                case Residual r -> {
                    collectDense(r.branch(), out);
                    if (r.projection() != null) out.add(r.projection());
                }
                case ConcatSkip c -> collectDense(c.branch(), out);
                case ActivationLayer a -> { }
                case BatchNorm b -> { }
                case LayerNorm n -> { }
                case Recurrent r -> { }
            }
        }
    }

    /** Every layer, blocks' children included (for duplicate detection). */
    static void collectAll(List<Layer> layers, List<Layer> out) {
        for (Layer l : layers) {
            out.add(l);
            switch (l) {
                case Residual r -> {
                    collectAll(r.branch(), out);
                    if (r.projection() != null) out.add(r.projection());
                }
                case ConcatSkip c -> collectAll(c.branch(), out);
                default -> { }
            }
        }
    }
}
