package io.gradforge.core.train;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.DenseAutoencoder;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The pretraining phase of {@link Trainer#fit}: trains each hidden dense layer as an autoencoder on the codes of
 * the layers below it, as {@link Pretraining} describes.
 *
 * <p>Seeds: batch order, masking noise and untied decoders are drawn from {@code seed ^ }{@link #SEED_MIX}, so
 * the fine-tuning phase after it sees the same batch order as a run without pretraining.
 */
final class Pretrainer {
    /** Mixed into the training seed for the pretraining generator (SplitMix64's second constant). */
    static final long SEED_MIX = 0xBF58476D1CE4E5B9L;

    private Pretrainer() {}

    /**
     * The hidden layers pretraining trains: every top-level layer but the output layer, each a {@link Dense}.
     *
     * @throws IllegalArgumentException naming the first hidden layer that is not dense
     */
    static List<Dense> hiddenLayers(Network network) {
        List<Layer> layers = network.layers();
        List<Layer> hidden = layers.subList(0, layers.size() - 1);
        for (Layer l : hidden) {
            if (!(l instanceof Dense)) {
                throw new IllegalArgumentException("pretraining trains each hidden dense layer as an autoencoder but "
                        + "layer " + l.name() + " (" + l + ") is not a dense layer.");
            }
        }
        return hidden.stream().map(Dense.class::cast).toList();
    }

    static PretrainingResult run(Pretraining p, Network network, Dataset train, int batch, long seed,
            TrainingProbe probe, BooleanSupplier cancelled) {
        List<Dense> hidden = hiddenLayers(network);
        RandomGenerator rng = Network.random(seed ^ SEED_MIX);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Tensor x = Tensor.zeros(network.precision(), batch, network.inputSize());
        Tensor y = Tensor.zeros(network.precision(), batch, network.outputSize());
        double[] curve = new double[(int) p.steps(hidden.size())];
        int cursor = order.length;
        int step = 0;
        for (int k = 0; k < hidden.size(); k++) {
            Dense layer = hidden.get(k);
            DenseAutoencoder ae = DenseAutoencoder.of(layer, p.tiedWeights(), rng);
            Optimizer opt = p.optimizer().create();
            Tensor noisy = p.method() == Pretraining.Method.DENOISING
                    ? Tensor.zeros(network.precision(), batch, layer.inputSize()) : null;
            for (long s = 0; s < p.stepsPerLayer(); s++, step++) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return result(p, k + 1, curve, step, TrainingStatus.CANCELLED, "pretraining cancelled after "
                            + step + " steps (layer " + (k + 1) + " of " + hidden.size() + ")");
                }
                if (cursor + batch > order.length) {
                    Trainer.shuffle(order, rng);
                    cursor = 0;
                }
                train.copyRows(order, cursor, batch, x, y);
                cursor += batch;
                Tensor codes = x;
                for (int j = 0; j < k; j++) codes = hidden.get(j).forward(codes, false);
                Tensor input = codes;
                if (noisy != null) {
                    mask(codes, noisy, p.noise(), rng);
                    input = noisy;
                }
                double loss = ae.forwardBackward(input, codes);
                curve[step] = loss;
                if (!Double.isFinite(loss)) {
                    return result(p, k + 1, curve, step + 1, TrainingStatus.DIVERGED, "the reconstruction loss of"
                            + " hidden layer " + (k + 1) + " became " + loss + " at pretraining step " + step);
                }
                opt.step(ae.parameters(), p.learningRate());
                probe.afterPretrainingStep(step, k, hidden.size(), loss);
            }
        }
        return result(p, hidden.size(), curve, step, TrainingStatus.COMPLETED, "pretrained " + hidden.size()
                + " hidden layers, " + p.stepsPerLayer() + " steps each");
    }

    private static PretrainingResult result(Pretraining p, int layers, double[] curve, int steps, TrainingStatus status,
            String reason) {
        return new PretrainingResult(layers, p.stepsPerLayer(), Arrays.copyOf(curve, steps), status, reason);
    }

    /** {@code out = clean} with each component set to 0 with probability {@code noise} (masking noise). */
    static void mask(Tensor clean, Tensor out, double noise, RandomGenerator rng) {
        out.copyFrom(clean);
        int n = out.size();
        if (out.isFloat64()) {
            double[] a = out.f64();
            for (int i = 0; i < n; i++) if (rng.nextDouble() < noise) a[i] = 0;
        } else {
            float[] a = out.f32();
            for (int i = 0; i < n; i++) if (rng.nextDouble() < noise) a[i] = 0;
        }
    }
}
