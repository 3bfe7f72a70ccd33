package io.gradforge.run;

import io.gradforge.core.health.GradientHealth;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Network;
import io.gradforge.core.train.PretrainingResult;
import io.gradforge.core.train.TrainingProbe;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gradient health on one probe batch before and right after greedy layer-wise pretraining: one forward and
 * backward of the task's loss each time, so the two reports compare the same rows (the health after
 * fine-tuning is the training run's own report). Observes only.
 */
public final class PretrainingHealth implements TrainingProbe {
    private final Loss loss;
    private final ProbeBatch batch;
    private @Nullable HealthReport afterPretraining;

    public PretrainingHealth(Loss loss, ProbeBatch batch) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** The health of {@code network} on the probe batch now. */
    public HealthReport measure(Network network) {
        return GradientHealth.atInit(network, loss, batch.x(), batch.y());
    }

    @Override
    public void afterPretraining(Network network, PretrainingResult result) {
        afterPretraining = measure(network);
    }

    /** The health measured when pretraining completed, or null when it did not. */
    public @Nullable HealthReport afterPretraining() {
        return afterPretraining;
    }
}
