package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/**
 * A chain of {@link Layer}s in one precision (a {@link Recurrent} layer reads rows that are whole sequences).
 * Building a network names its layers ("0", "1", ... and "3.branch.0" inside blocks), which fixes the parameter
 * names ("layers.3.weight"); a layer can be in one network only. Buffers are allocated on the first forward and again only when the batch size
 * changes; a training step (forward + backward) allocates nothing.
 *
 * {@snippet :
 * Network.Builder b = Network.builder(4, Precision.FLOAT64, 42);
 * b.dense(32, Activation.tanh(), Initializer.xavierNormal())
 *  .add(Residual.of(List.of(
 *          Dense.of(b.width(), 32, Activation.relu(), Initializer.heNormal(), b.precision(), b.rng())),
 *      null, BranchScale.rezero()))
 *  .dense(3, Activation.identity(), Initializer.xavierNormal());
 * Network net = b.build();
 * Tensor logits = net.forward(input, true);
 * loss.forwardBackward(logits, target, gradLogits);
 * net.backward(gradLogits);
 * }
 *
 * @implNote Not thread-safe: a network is mutable training state.
 */
public final class Network {
    /** The generator algorithm behind {@link #random(long)}. */
    public static final String RANDOM_ALGORITHM = "L64X128MixRandom";

    private final int inputSize;
    private final Precision precision;
    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final List<Dense> denseLayers;
    private final long parameterCount;
    /** outputs[i]: what top-level layer i returned in the last forward (its own buffer). */
    private final Tensor[] outputs;
    private int batch = -1;

    private Network(List<Layer> layers) {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer but was given none.");
        this.inputSize = layers.get(0).inputSize();
        this.precision = layers.get(0).precision();
        this.layers = Branches.validate("network", inputSize, layers, precision);
        List<Layer> all = new ArrayList<>();
        Branches.collectAll(this.layers, all);
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer l : all) {
            if (!seen.add(l)) throw new IllegalArgumentException("layer " + l + " appears more than once in the network.");
            if (!l.name().isEmpty()) {
                throw new IllegalArgumentException("layer " + l + " already belongs to another network.");
            }
        }
        Branches.bind(this.layers, "");
        this.parameters = List.copyOf(Branches.parameters(this.layers));
        Set<String> names = new HashSet<>();
        long count = 0;
        for (Parameter p : parameters) {
            if (!names.add(p.name())) throw new IllegalStateException("duplicate parameter name '" + p.name() + "'.");
            count += p.value().size();
        }
        this.parameterCount = count;
        List<Dense> dense = new ArrayList<>();
        Branches.collectDense(this.layers, dense);
        this.denseLayers = List.copyOf(dense);
        this.outputs = new Tensor[this.layers.size()];
    }

    /** A network of the given (unnamed) layers; the precision is theirs and the input size the first one's. */
    public static Network of(List<Layer> layers) {
        return new Network(layers);
    }

    /** A builder that tracks the current width and hands out the precision and a seeded generator. */
    public static Builder builder(int inputSize, Precision precision, long seed) {
        return new Builder(inputSize, precision, random(seed));
    }

    /** A builder drawing initial weights from {@code rng}. */
    public static Builder builder(int inputSize, Precision precision, RandomGenerator rng) {
        return new Builder(inputSize, precision, rng);
    }

    /** The project's seeded generator: the same seed gives bit-identical weights. */
    public static RandomGenerator random(long seed) {
        return RandomGeneratorFactory.of(RANDOM_ALGORITHM).create(seed);
    }

    public int inputSize() { return inputSize; }
    public int outputSize() { return Branches.outputSize(layers); }
    public Precision precision() { return precision; }
    public List<Layer> layers() { return layers; }
    /** All parameters in forward order, names unique. */
    public List<Parameter> parameters() { return parameters; }

    /** Each parameter's name and shape ({@code "[rows, cols]"}) in order: networks with equal shapes can swap weights. */
    public Map<String, String> parameterShapes() {
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Parameter p : parameters) shapes.put(p.name(), "[" + p.value().rows() + ", " + p.value().cols() + "]");
        return shapes;
    }
    /** The number of scalar parameters. */
    public long parameterCount() { return parameterCount; }
    /**
     * What top-level layer {@code i} returned in the last forward (its own buffer, valid until the next forward),
     * for probes that read the signal between layers; Not to be modified.
     */
    public Tensor layerOutput(int i) {
        Objects.checkIndex(i, layers.size());
        Tensor out = outputs[i];
        if (out == null) throw new IllegalStateException("layerOutput called before forward.");
        return out;
    }

    /** Every {@link Dense} in forward order, inside blocks too (a residual's projection after its branch). */
    public List<Dense> denseLayers() { return denseLayers; }
    /** The batch size the buffers are allocated for, or -1 before the first forward. */
    public int batchSize() { return batch; }

    /** Allocates every layer's buffers for {@code batchSize}; a no-op when unchanged. */
    public void allocate(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive but was " + batchSize + ".");
        if (batchSize == batch) return;
        Branches.allocate(layers, batchSize);
        batch = batchSize;
    }

    /** The output [batch x outputSize], a buffer owned by the last layer (valid until the next forward). */
    public Tensor forward(Tensor input, boolean training) {
        if (input.cols() != inputSize) {
            throw new IllegalArgumentException("network expects " + inputSize + " input features but was given "
                    + input.cols() + ".");
        }
        if (input.precision() != precision) {
            throw new IllegalArgumentException("network is " + precision + " but the input is " + input.precision() + ".");
        }
        allocate(input.rows());
        return forwardLayers(0, input, training);
    }

    /**
     * Runs the last forward again from top-level layer {@code from} on, feeding that layer what layer
     * {@code from - 1} returned then ({@code input} when {@code from == 0}), and returns the output. For finite
     * differences: after a parameter of layer {@code from} changed, the layers before it need not run again. The
     * caller guarantees that nothing those earlier layers read has changed since their last forward.
     */
    public Tensor forwardFrom(int from, Tensor input, boolean training) {
        Objects.checkIndex(from, layers.size());
        if (from == 0) return forward(input, training);
        Tensor previous = outputs[from - 1];
        if (previous == null) throw new IllegalStateException("forwardFrom called before forward.");
        return forwardLayers(from, previous, training);
    }

    private Tensor forwardLayers(int from, Tensor input, boolean training) {
        Tensor x = input;
        for (int i = from; i < layers.size(); i++) {
            x = layers.get(i).forward(x, training);
            outputs[i] = x;
        }
        return x;
    }

    /** Fills every parameter's gradient (overwriting) and returns dL/dinput, a buffer owned by the first layer. */
    public Tensor backward(Tensor gradOutput) {
        if (batch < 0) throw new IllegalStateException("backward called before forward.");
        return Branches.backward(layers, gradOutput);
    }

    /**
     * Fills every parameter's gradient (overwriting) as {@link #backward} does, without computing dL/dinput,
     * which training never uses: a first dense layer skips its input-gradient product (PyTorch likewise skips
     * it for inputs that do not require grad).
     */
    public void backwardParameters(Tensor gradOutput) {
        if (batch < 0) throw new IllegalStateException("backward called before forward.");
        Branches.backwardParameters(layers, gradOutput);
    }

    /** The parameter with this name, or null. */
    public @Nullable Parameter parameter(String name) {
        for (Parameter p : parameters) if (p.name().equals(name)) return p;
        return null;
    }

    @Override
    public String toString() {
        return "Network[" + precision + ", " + inputSize + "->" + outputSize() + ", " + layers.size() + " layers, "
                + parameterCount + " parameters]";
    }

    /** Collects layers while tracking the current width; {@link #build()} names them. */
    public static final class Builder {
        private final int inputSize;
        private final Precision precision;
        private final RandomGenerator rng;
        private final List<Layer> layers = new ArrayList<>();
        private int width;

        private Builder(int inputSize, Precision precision, RandomGenerator rng) {
            TensorOps.checkWidth("network input size", inputSize);
            this.inputSize = inputSize;
            this.precision = Objects.requireNonNull(precision, "precision");
            this.rng = Objects.requireNonNull(rng, "rng");
            this.width = inputSize;
        }

        /** The output width so far (the next layer's input size). */
        public int width() { return width; }
        public Precision precision() { return precision; }
        /** The generator that layers built for this network should draw their initial weights from. */
        public RandomGenerator rng() { return rng; }

        public Builder add(Layer layer) {
            Objects.requireNonNull(layer, "layer");
            if (layer.inputSize() != width) {
                throw new IllegalArgumentException("layer " + layers.size() + " (" + layer + ") expects input size "
                        + layer.inputSize() + " but the previous output size is " + width + ".");
            }
            if (layer.precision() != precision) {
                throw new IllegalArgumentException("layer " + layers.size() + " is " + layer.precision()
                        + " but the network is " + precision + ".");
            }
            layers.add(layer);
            width = layer.outputSize();
            return this;
        }

        /** A dense layer with a zero bias. */
        public Builder dense(int units, Activation activation, Initializer weightInit) {
            return add(Dense.of(width, units, activation, weightInit, precision, rng));
        }

        /** A dense layer; {@code biasInit == null} means no bias. */
        public Builder dense(int units, Activation activation, Initializer weightInit, @Nullable Initializer biasInit) {
            return add(Dense.of(width, units, activation, weightInit, biasInit, precision, rng));
        }

        public Builder activation(Activation activation) {
            return add(ActivationLayer.of(width, activation, precision));
        }

        public Builder batchNorm() {
            return add(BatchNorm.of(width, precision));
        }

        public Builder layerNorm() {
            return add(LayerNorm.of(width, precision));
        }

        public Network build() {
            if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer but was given none.");
            return new Network(layers);
        }
    }
}
