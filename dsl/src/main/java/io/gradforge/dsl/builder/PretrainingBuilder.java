package io.gradforge.dsl.builder;

import io.gradforge.core.train.Pretraining;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Greedy layer-wise pretraining, as YAML's {@code training.pretraining:}. {@code stepsPerLayer} is required; the
 * rest start at the reader's defaults (denoising, masking noise 0.25, own decoders, the training's optimizer).
 *
 * {@snippet lang=kotlin :
 * training {
 *     pretraining { method = DENOISING; stepsPerLayer = 300; noise = 0.3 }
 * }
 * }
 */
@GradforgeDsl
public final class PretrainingBuilder {

    private Pretraining.Method method = Pretraining.Method.DENOISING;
    private long stepsPerLayer;
    private @Nullable Double noise;
    private boolean tiedWeights = PretrainingSpec.DEFAULT_TIED_WEIGHTS;
    private @Nullable OptimizerSpec optimizer;

    PretrainingBuilder() {}

    /** The autoencoder kind. */
    public Pretraining.Method getMethod() {
        return method;
    }

    /** {@code AUTOENCODER} or {@code DENOISING} (default). */
    public void setMethod(Pretraining.Method method) {
        this.method = Objects.requireNonNull(method, "method");
    }

    /** The steps each hidden layer is pretrained, 0 while not set. */
    public long getStepsPerLayer() {
        return stepsPerLayer;
    }

    /** Required: steps per hidden layer, counted in the training's steps. */
    public void setStepsPerLayer(long stepsPerLayer) {
        this.stepsPerLayer = stepsPerLayer;
    }

    /** The masking probability, or null for the method's default (0.25 denoising, 0 autoencoder). */
    public @Nullable Double getNoise() {
        return noise;
    }

    /** The probability that each input of a denoising autoencoder is masked to 0, in (0, 0.95]. */
    public void setNoise(@Nullable Double noise) {
        this.noise = noise;
    }

    /** Whether each decoder is its encoder's transpose. */
    public boolean getTiedWeights() {
        return tiedWeights;
    }

    /** True: decoder {@code W^T}; false (default): the decoder has its own weight. */
    public void setTiedWeights(boolean tiedWeights) {
        this.tiedWeights = tiedWeights;
    }

    /** The autoencoders' optimizer, or null for the training's. */
    public @Nullable OptimizerSpec getOptimizer() {
        return optimizer;
    }

    /** See {@link Optimizers}; null (default) pretrains with the training's optimizer. */
    public void setOptimizer(@Nullable OptimizerSpec optimizer) {
        this.optimizer = optimizer;
    }

    PretrainingSpec build() {
        if (stepsPerLayer == 0) {
            throw new IllegalArgumentException("missing required key 'steps_per_layer' in training.pretraining");
        }
        double n = noise != null ? noise : method == Pretraining.Method.DENOISING ? PretrainingSpec.DEFAULT_NOISE : 0;
        return new PretrainingSpec(method, stepsPerLayer, n, tiedWeights, optimizer);
    }
}
