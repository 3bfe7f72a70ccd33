package io.gradforge.core.train;

import io.gradforge.core.optim.OptimizerConfig;
import java.util.Locale;
import java.util.Objects;

/**
 * Greedy layer-wise pretraining before supervised training (Hinton et al. 2006; Bengio et al. 2007): each hidden
 * dense layer, first to last, is trained for {@code stepsPerLayer} steps as an autoencoder
 * ({@link io.gradforge.core.nn.DenseAutoencoder}) on the codes of the layers below it, already pretrained; then
 * the whole network is fine-tuned on the task. {@link Trainer#pretraining} attaches it to a trainer.
 *
 * <p>Budget: pretraining steps count in the trainer's step budget. A network with {@code L} hidden layers spends
 * {@code L * stepsPerLayer} steps pretraining and the rest of the budget fine-tuning, so a pretrained run and a
 * plain run of one spec take the same number of optimizer steps.
 *
 * <p>Noise ({@link Method#DENOISING}): masking noise as in Vincent et al. 2008: each input component of a batch
 * is set to 0 with probability {@code noise}, independently; the autoencoder reconstructs the uncorrupted input.
 *
 * @param method          plain or denoising autoencoders
 * @param stepsPerLayer   optimizer steps per hidden layer, at least 1
 * @param noise           the masking probability in (0, {@value #MAX_NOISE}] for denoising, 0 for a plain autoencoder
 * @param tiedWeights     whether each decoder is its encoder's transpose (else it has its own weight)
 * @param optimizer       the optimizer of each layer's autoencoder (a fresh one per layer)
 * @param learningRate    its constant learning rate
 */
public record Pretraining(Method method, long stepsPerLayer, double noise, boolean tiedWeights,
        OptimizerConfig optimizer, double learningRate) {

    /** The highest masking probability: above it almost nothing of the input is left to reconstruct from. */
    public static final double MAX_NOISE = 0.95;

    /** What each layer is trained to do. */
    public enum Method {
        /** Reconstruct the input from its code. */
        AUTOENCODER,
        /** Reconstruct the clean input from the code of a masked copy. */
        DENOISING;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Pretraining {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(optimizer, "optimizer");
        if (stepsPerLayer < 1 || stepsPerLayer > 100_000_000L) {
            throw new IllegalArgumentException("steps per layer must be in [1, 100000000] but was " + stepsPerLayer + ".");
        }
        if (method == Method.DENOISING && !(noise > 0 && noise <= MAX_NOISE)) {
            throw new IllegalArgumentException("denoising noise must be in (0, " + MAX_NOISE + "] but was " + noise + ".");
        }
        if (method == Method.AUTOENCODER && noise != 0) {
            throw new IllegalArgumentException("a plain autoencoder takes no noise (use DENOISING) but was " + noise + ".");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite but was " + learningRate + ".");
        }
    }

    /** The steps pretraining takes for a network of {@code hiddenLayers} hidden layers. */
    public long steps(int hiddenLayers) {
        return stepsPerLayer * hiddenLayers;
    }
}
