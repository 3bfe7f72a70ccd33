package io.gradforge.core.train;

import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.Optimizer;
import java.util.Objects;

/**
 * Observes training without steering it: diagnostics read the network's buffers at a cadence they choose.
 * Implementations must not modify the network.
 */
public interface TrainingProbe {

    /** Called after backward and gradient clipping, before the parameter update of {@code step} (0-based). */
    default void afterBackward(long step, Network network, double loss, double gradientNorm) {}

    /**
     * Whether {@link #afterUpdate} of {@code step} reads the optimizer's update norms ({@link
     * Optimizer#lastUpdateNorm} and its neighbours). The trainer asks after {@link #afterBackward} of the same step and
     * measures the norms only on the steps some probe reads (summing them costs more than the update itself);
     * reading them on another step throws {@link IllegalStateException}. None by default.
     */
    default boolean readsUpdateNorms(long step) {
        return false;
    }

    /** Called after the parameter update of {@code step}. */
    default void afterUpdate(long step, Network network, Optimizer optimizer, double learningRate) {}

    /**
     * Called after step {@code step} (0-based, counted over the whole phase) of greedy layer-wise pretraining,
     * which trained hidden layer {@code layer} (0-based) of {@code layers} as an autoencoder to reconstruction
     * loss {@code loss}. The supervised steps after it are numbered from 0 again.
     */
    default void afterPretrainingStep(long step, int layer, int layers, double loss) {}

    /** Called once pretraining completed, before the first supervised step. */
    default void afterPretraining(Network network, PretrainingResult result) {}

    /** A probe that observes nothing. */
    TrainingProbe NONE = new TrainingProbe() {};

    /** A probe that lets each of {@code probes} observe, in order. */
    static TrainingProbe all(TrainingProbe... probes) {
        TrainingProbe[] copy = probes.clone();
        for (TrainingProbe p : copy) Objects.requireNonNull(p, "probe");
        return new TrainingProbe() {
            @Override
            public void afterBackward(long step, Network network, double loss, double gradientNorm) {
                for (TrainingProbe p : copy) p.afterBackward(step, network, loss, gradientNorm);
            }

            @Override
            public boolean readsUpdateNorms(long step) {
                for (TrainingProbe p : copy) {
                    if (p.readsUpdateNorms(step)) return true;
                }
                return false;
            }

            @Override
            public void afterUpdate(long step, Network network, Optimizer optimizer, double learningRate) {
                for (TrainingProbe p : copy) p.afterUpdate(step, network, optimizer, learningRate);
            }

            @Override
            public void afterPretrainingStep(long step, int layer, int layers, double loss) {
                for (TrainingProbe p : copy) p.afterPretrainingStep(step, layer, layers, loss);
            }

            @Override
            public void afterPretraining(Network network, PretrainingResult result) {
                for (TrainingProbe p : copy) p.afterPretraining(network, result);
            }
        };
    }
}
