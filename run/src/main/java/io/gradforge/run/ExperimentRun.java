package io.gradforge.run;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.nn.Network;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Experiment#run} produced: the spec it ran, the trained network (mutable training state,
 * owned by the caller now), its data, the training result and the gradient health sampled during training
 * (null only when no step ran, e.g. cancelled before the first). With pretraining, {@code atInit} and
 * {@code afterPretraining} are the health on one probe batch before and right after it (null without pretraining,
 * and {@code afterPretraining} also when pretraining did not complete); {@code health} is then the fine-tuning's.
 */
public record ExperimentRun(ExperimentSpec spec, Network network, Dataset data, TrainingResult result,
        @Nullable HealthReport health, @Nullable HealthReport atInit, @Nullable HealthReport afterPretraining) {
    public ExperimentRun {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(result, "result");
    }

    /** A run without pretraining. */
    public ExperimentRun(ExperimentSpec spec, Network network, Dataset data, TrainingResult result,
            @Nullable HealthReport health) {
        this(spec, network, data, result, health, null, null);
    }
}
