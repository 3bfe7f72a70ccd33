package io.gradforge.dsl.compile;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.nn.Network;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.util.Objects;

/**
 * What one {@link Experiment#run} produced: the spec it ran, the trained network (mutable training state,
 * owned by the caller now), its data and the training result.
 */
public record ExperimentRun(ExperimentSpec spec, Network network, Dataset data, TrainingResult result) {
    public ExperimentRun {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(result, "result");
    }
}
