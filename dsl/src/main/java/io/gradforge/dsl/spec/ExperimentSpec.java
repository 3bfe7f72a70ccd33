package io.gradforge.dsl.spec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One network and how to train it. Refuses networks whose training memory estimate is beyond the limit. */
public record ExperimentSpec(String name, @Nullable String description, NetworkSpec network, TrainingSpec training)
        implements Spec {
    public ExperimentSpec {
        Objects.requireNonNull(name, "name");
        Rules.check(Rules.nameProblem(name));
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(training, "training");
        Rules.check(memoryProblem(network, training.batchSize()));
        Rules.check(Rules.outputLossProblem(network.output().activation().name(), training.loss()));
        if (training.pretraining() != null) Rules.check(training.pretraining().problem(network, training.length()));
    }

    public static ExperimentSpec of(String name, NetworkSpec network, TrainingSpec training) {
        return new ExperimentSpec(name, null, network, training);
    }

    /** This experiment with {@code name} replaced. */
    public ExperimentSpec withName(String name) {
        return new ExperimentSpec(name, description, network, training);
    }

    /** This experiment with {@code description} replaced. */
    public ExperimentSpec withDescription(@Nullable String description) {
        return new ExperimentSpec(name, description, network, training);
    }

    /** This experiment with {@code network} replaced. */
    public ExperimentSpec withNetwork(NetworkSpec network) {
        return new ExperimentSpec(name, description, network, training);
    }

    /** This experiment with {@code training} replaced. */
    public ExperimentSpec withTraining(TrainingSpec training) {
        return new ExperimentSpec(name, description, network, training);
    }

    /** The memory problem of training {@code network} at {@code batchSize}, or null when it fits. */
    public static @Nullable String memoryProblem(NetworkSpec network, int batchSize) {
        NetworkSpec.Shape shape = network.shape();
        double bytes = shape.trainingBytes(batchSize);
        return bytes > Rules.MAX_MEMORY_BYTES ? Rules.memoryProblem(shape.parameters(), bytes) : null;
    }
}
