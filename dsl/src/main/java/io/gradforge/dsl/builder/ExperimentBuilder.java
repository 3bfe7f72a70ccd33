package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One network and how to train it, as a YAML experiment file. The network is declared in a
 * {@code network { }} block or attached as a built {@link NetworkSpec} ({@code network = spirals}).
 *
 * {@snippet lang=kotlin :
 * val spec = experiment("spirals") {
 *     network { input(2); repeat(4) { dense(32) }; output(1) }
 *     training { data = twoSpirals(512, 0.1); loss = BINARY_CROSS_ENTROPY; steps = 2000 }
 * }
 * }
 *
 * In Java, as a chain ending in {@link #build()}:
 *
 * {@snippet :
 * ExperimentSpec spec = Gradforge.experiment("spirals")
 *         .network(n -> n.input(2).repeat(4, l -> l.dense(32)).output(1))
 *         .training(t -> {
 *             t.setData(twoSpirals(512, 0.1));
 *             t.setLoss(BINARY_CROSS_ENTROPY);
 *             t.setSteps(2000);
 *         })
 *         .build();
 * }
 */
@GradforgeDsl
public final class ExperimentBuilder {

    private final String name;
    private @Nullable String description;
    private @Nullable NetworkSpec network;
    private @Nullable TrainingSpec training;

    ExperimentBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The experiment's name, given to {@link Gradforge#experiment(String)}. */
    public String getName() {
        return name;
    }

    /** The free-text description, or null. */
    public @Nullable String getDescription() {
        return description;
    }

    /** A free-text description, written to YAML as {@code description:} (default none). */
    public void setDescription(@Nullable String description) {
        this.description = description;
    }

    /** The network declared or attached so far, or null. */
    public @Nullable NetworkSpec getNetwork() {
        return network;
    }

    /** Attaches a network built before (nullable as its getter, so that Kotlin sees a {@code var}). */
    public void setNetwork(@Nullable NetworkSpec network) {
        this.network = network;
    }

    /** Declares the network (replacing one set before). */
    public ExperimentBuilder network(Action<? super NetworkBuilder> block) {
        network = Gradforge.network(block);
        return this;
    }

    /** The training declared or attached so far, or null. */
    public @Nullable TrainingSpec getTraining() {
        return training;
    }

    /** Attaches a training built before (nullable as its getter, so that Kotlin sees a {@code var}). */
    public void setTraining(@Nullable TrainingSpec training) {
        this.training = training;
    }

    /** Declares how to train (replacing what was set before). */
    public ExperimentBuilder training(Action<? super TrainingBuilder> block) {
        TrainingBuilder t = new TrainingBuilder();
        block.execute(t);
        training = t.build();
        return this;
    }

    /** The experiment; fails with the reader's message when network or training is missing or invalid. */
    public ExperimentSpec build() {
        if (network == null) {
            throw new IllegalArgumentException("missing required key 'network' in experiment " + name);
        }
        if (training == null) {
            throw new IllegalArgumentException("missing required key 'training' in experiment " + name);
        }
        return new ExperimentSpec(name, description, network, training);
    }
}
