package io.gradforge.dsl.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A network as written: input width, layer defaults, the layer list (with repeat) and the output
 * layer. {@link #resolvedLayers()} gives the expanded form a compiler builds from.
 *
 * <p>A layer list that is wrong at one entry (too many layers once expanded, a residual branch whose width
 * cannot join its skip, a concatenation that grows too wide) is rejected with an {@link InvalidLayerException}
 * naming that entry.
 */
public record NetworkSpec(int input, LayerDefaults defaults, List<LayerSpec> layers, OutputSpec output) {

    public NetworkSpec {
        Rules.INPUT.check(input);
        Objects.requireNonNull(defaults, "defaults");
        layers = Rules.copy(layers, "layers");
        Objects.requireNonNull(output, "output");
        double count = expandedCount(layers);
        if (count > Rules.MAX_LAYERS) {
            throw new InvalidLayerException(firstEntryPastLimit(layers), Rules.tooManyLayers(count));
        }
        Shape.of(input, defaults, layers, output); // width checks
    }

    public static NetworkSpec of(int input, List<LayerSpec> layers, OutputSpec output) {
        return new NetworkSpec(input, LayerDefaults.STANDARD, layers, output);
    }

    public NetworkSpec withDefaults(LayerDefaults defaults) {
        return new NetworkSpec(input, defaults, layers, output);
    }

    public NetworkSpec withLayers(List<LayerSpec> layers) {
        return new NetworkSpec(input, defaults, layers, output);
    }

    public NetworkSpec withOutput(OutputSpec output) {
        return new NetworkSpec(input, defaults, layers, output);
    }

    /**
     * The layers with every repeat expanded (each entry has repeat 1) and every dense layer's unset
     * fields taken from the defaults, recursively inside residual and dense_skip branches.
     */
    public List<LayerSpec> resolvedLayers() {
        List<LayerSpec> out = new ArrayList<>();
        resolve(layers, defaults, out);
        return List.copyOf(out);
    }

    /** Parameter count, widths and activation sizes, computed without expanding. */
    public Shape shape() {
        return Shape.of(input, defaults, layers, output);
    }

    private static void resolve(List<LayerSpec> layers, LayerDefaults d, List<LayerSpec> out) {
        for (LayerSpec layer : layers) {
            LayerSpec one = switch (layer) {
                case DenseSpec dense -> dense.resolvedWith(d).withRepeat(1);
                case ResidualSpec r -> {
                    List<LayerSpec> branch = new ArrayList<>();
                    resolve(r.layers(), d, branch);
                    yield new ResidualSpec(branch, r.branchScale(), r.zeroInitLast(), r.projection(), 1);
                }
                case DenseSkipSpec s -> {
                    List<LayerSpec> branch = new ArrayList<>();
                    resolve(s.layers(), d, branch);
                    yield new DenseSkipSpec(branch, 1);
                }
                case ActivationLayerSpec a -> a;
                case BatchNormSpec b -> b;
                case LayerNormSpec n -> n;
                case RecurrentSpec r -> r;
            };
            for (int i = 0; i < layer.repeat(); i++) {
                out.add(one);
            }
        }
    }

    /** The first entry of {@code layers} at which the expanded count passes {@link Rules#MAX_LAYERS}. */
    private static int firstEntryPastLimit(List<LayerSpec> layers) {
        double total = 0;
        for (int i = 0; i < layers.size(); i++) {
            total += expandedCount(layers.subList(i, i + 1));
            if (total > Rules.MAX_LAYERS) {
                return i;
            }
        }
        throw new IllegalStateException("the layers expand to " + total + ", within the limit");
    }

    private static double expandedCount(List<LayerSpec> layers) {
        double total = 0;
        for (LayerSpec layer : layers) {
            double inner = switch (layer) {
                case ResidualSpec r -> 1 + expandedCount(r.layers());
                case DenseSkipSpec s -> 1 + expandedCount(s.layers());
                default -> 1;
            };
            total += inner * layer.repeat();
        }
        return total;
    }

    /**
     * What a network costs: parameters (weights, biases, normalization and learned scales) and the
     * number of values one example produces across all layers (forward activations).
     */
    public record Shape(double parameters, double activationsPerExample, int outputWidth) {

        /** Training memory at 8 bytes per value: parameters, gradients and two optimizer moments, plus
         *  activations and their gradients for a batch. */
        public double trainingBytes(int batchSize) {
            return 8.0 * (4.0 * parameters + 2.0 * batchSize * activationsPerExample);
        }

        static Shape of(int input, LayerDefaults defaults, List<LayerSpec> layers, OutputSpec output) {
            double[] acc = new double[2];
            int width = input;
            for (int i = 0; i < layers.size(); i++) {
                try {
                    width = walk(width, layers.subList(i, i + 1), defaults, acc);
                } catch (IllegalArgumentException e) {
                    throw new InvalidLayerException(i, e.getMessage(), e);
                }
            }
            acc[0] += (double) width * output.units() + (output.bias() ? output.units() : 0)
                    + slopes(output.activation(), output.units());
            acc[1] += output.units();
            return new Shape(acc[0], acc[1], output.units());
        }

        /** PReLU learns one slope per unit (core's Dense and ActivationLayer "slope" [1 x width]). */
        private static double slopes(ActivationSpec activation, int width) {
            return activation.name().equals("prelu") ? width : 0;
        }

        /** Returns the output width; acc[0] += parameters, acc[1] += activations. */
        private static int walk(int width, List<LayerSpec> layers, LayerDefaults defaults, double[] acc) {
            for (LayerSpec layer : layers) {
                for (int i = 0; i < layer.repeat(); i++) {
                    width = step(width, layer, defaults, acc);
                }
            }
            return width;
        }

        private static int step(int in, LayerSpec layer, LayerDefaults defaults, double[] acc) {
            switch (layer) {
                case DenseSpec d -> {
                    acc[0] += (double) in * d.units() + ((d.bias() != null ? d.bias() : defaults.bias()) ? d.units() : 0)
                            + slopes(d.activation() != null ? d.activation() : defaults.activation(), d.units());
                    acc[1] += d.units();
                    return d.units();
                }
                case ActivationLayerSpec a -> {
                    acc[0] += slopes(a.activation(), in);
                    acc[1] += in;
                    return in;
                }
                case BatchNormSpec b -> {
                    acc[0] += 2.0 * in;
                    acc[1] += in;
                    return in;
                }
                case LayerNormSpec n -> {
                    acc[0] += 2.0 * in;
                    acc[1] += in;
                    return in;
                }
                case RecurrentSpec r -> {
                    int features = r.featuresPerStep(in);
                    int g = r.gates();
                    acc[0] += (double) g * r.units() * (features + r.units() + 2);
                    // what backward keeps a step: inputs, gates and their gradients, states (and cells)
                    acc[1] += (double) r.steps() * (2.0 * features + 2.0 * g * r.units() + 5.0 * r.units());
                    return r.outputWidth();
                }
                case ResidualSpec r -> {
                    int branch = walk(in, r.layers(), defaults, acc);
                    boolean project = r.projection() == Projection.ALWAYS || branch != in;
                    if (branch != in && r.projection() == Projection.NONE) {
                        throw new IllegalArgumentException(Rules.residualWidthMismatch(in, branch));
                    }
                    if (project) {
                        acc[0] += (double) in * branch;
                    }
                    acc[0] += r.branchScale().learned() ? 1 : 0;
                    acc[1] += branch;
                    return branch;
                }
                case DenseSkipSpec s -> {
                    int branch = walk(in, s.layers(), defaults, acc);
                    long out = (long) in + branch;
                    if (out > Rules.UNITS.max()) {
                        throw new IllegalArgumentException("dense_skip concatenation grows the width to " + out
                                + "; the limit is " + Rules.UNITS.max());
                    }
                    acc[1] += out;
                    return (int) out;
                }
            }
        }
    }
}
