package io.gradforge.dsl.spec;

import io.gradforge.core.train.Pretraining;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Greedy layer-wise pretraining ({@code training.pretraining}): each hidden dense layer is trained for
 * {@code stepsPerLayer} steps as a plain or denoising autoencoder on the codes of the layers below it, then the
 * whole network is fine-tuned; see {@link Pretraining} for the method, the noise and how the budget counts.
 *
 * @param method        {@code autoencoder} or {@code denoising}
 * @param stepsPerLayer steps per hidden layer, part of the training budget
 * @param noise         the masking probability of a denoising autoencoder; 0 for a plain one
 * @param tiedWeights   whether each decoder is its encoder's transpose
 * @param optimizer     the autoencoders' optimizer; null trains them with the training's optimizer
 */
public record PretrainingSpec(Pretraining.Method method, long stepsPerLayer, double noise, boolean tiedWeights,
        @Nullable OptimizerSpec optimizer) {
    /** The masking probability of a denoising autoencoder when none is given (Vincent et al. 2008 used 10-40%). */
    public static final double DEFAULT_NOISE = 0.25;

    public PretrainingSpec {
        Objects.requireNonNull(method, "method");
        Rules.STEPS_PER_LAYER.check(stepsPerLayer);
        Rules.check(Rules.pretrainingNoiseProblem(method, noise));
    }

    /**
     * Whether decoders are their encoders' transposes when not said. No: on 8 sigmoid layers (specs/README.md) tied
     * decoders left the deeper codes nearly constant and the network at chance, own decoders let it train.
     */
    public static final boolean DEFAULT_TIED_WEIGHTS = false;

    /** Denoising autoencoders with masking noise {@link #DEFAULT_NOISE}, own decoders, the training's optimizer. */
    public static PretrainingSpec denoising(long stepsPerLayer) {
        return new PretrainingSpec(Pretraining.Method.DENOISING, stepsPerLayer, DEFAULT_NOISE, DEFAULT_TIED_WEIGHTS, null);
    }

    /** Plain autoencoders with own decoders and the training's optimizer. */
    public static PretrainingSpec autoencoder(long stepsPerLayer) {
        return new PretrainingSpec(Pretraining.Method.AUTOENCODER, stepsPerLayer, 0, DEFAULT_TIED_WEIGHTS, null);
    }

    /** This pretraining with {@code stepsPerLayer} replaced. */
    public PretrainingSpec withStepsPerLayer(long stepsPerLayer) {
        return new PretrainingSpec(method, stepsPerLayer, noise, tiedWeights, optimizer);
    }

    /** This pretraining with {@code noise} replaced. */
    public PretrainingSpec withNoise(double noise) {
        return new PretrainingSpec(method, stepsPerLayer, noise, tiedWeights, optimizer);
    }

    /** This pretraining with {@code tiedWeights} replaced. */
    public PretrainingSpec withTiedWeights(boolean tiedWeights) {
        return new PretrainingSpec(method, stepsPerLayer, noise, tiedWeights, optimizer);
    }

    /** This pretraining with {@code optimizer} replaced (null: the training's). */
    public PretrainingSpec withOptimizer(@Nullable OptimizerSpec optimizer) {
        return new PretrainingSpec(method, stepsPerLayer, noise, tiedWeights, optimizer);
    }

    /**
     * The hidden layers pretraining would train in {@code network} (dense layers, repeats counted), or -1 when
     * one of its layers is not a dense layer.
     */
    public static long hiddenLayers(NetworkSpec network) {
        long n = 0;
        for (LayerSpec l : network.layers()) {
            if (!(l instanceof DenseSpec)) return -1;
            n += l.repeat();
        }
        return n;
    }

    /**
     * Why this pretraining cannot run on {@code network} trained for {@code length}, or null: every hidden layer
     * must be dense, and a step budget must keep at least one step for fine-tuning (an epoch budget is checked
     * when the data size is known).
     */
    public @Nullable String problem(NetworkSpec network, TrainingLength length) {
        List<LayerSpec> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseSpec)) return Rules.notPretrainable(i, layers.get(i));
        }
        return length.unit() == TrainingLength.Unit.STEPS ? budgetProblem(network, length.count()) : null;
    }

    /** Why pretraining {@code network} leaves no step of {@code budget} steps to fine-tune, or null. */
    public @Nullable String budgetProblem(NetworkSpec network, long budget) {
        return Rules.pretrainingBudgetProblem(stepsPerLayer * hiddenLayers(network), budget);
    }
}
