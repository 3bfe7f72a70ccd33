package io.gradforge.run;

import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.ZeroCostProxies;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Diagnostics#diagnose} found: gradient health at initialization on a probe batch (with zero-cost
 * proxies and the Jacobian spectra of each layer and of the whole network over the first probe rows), then over a
 * short training run (none when the diagnosis was at initialization only).
 *
 * @param spec the experiment diagnosed
 * @param probeBatchSize rows in the probe batch used at initialization
 * @param atInit the health report of one forward and backward pass at initialization
 * @param proxies zero-cost proxies at initialization on the probe batch
 * @param jacobians the per-layer and input-output Jacobian spectra at initialization over the first probe rows, in
 *     training mode (batch norm with the probe batch's statistics)
 * @param training the training run's result, or null at initialization only
 * @param afterTraining the health report sampled during training (with pretraining: during fine-tuning), or null at
 *     initialization only
 * @param afterPretraining with pretraining, the health on the probe batch right after it; null without it, when it
 *     did not complete, or at initialization only
 */
public record DiagnosisRun(ExperimentSpec spec, int probeBatchSize, HealthReport atInit, ZeroCostProxies proxies,
        JacobianSpectra jacobians, @Nullable TrainingResult training, @Nullable HealthReport afterTraining,
        @Nullable HealthReport afterPretraining) {
    public DiagnosisRun {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(atInit, "atInit");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(jacobians, "jacobians");
        if ((training == null) != (afterTraining == null)) {
            throw new IllegalArgumentException("a training result and its health report go together");
        }
    }

    /** Whether the diagnosis trained after measuring at initialization. */
    public boolean trained() {
        return training != null;
    }
}
