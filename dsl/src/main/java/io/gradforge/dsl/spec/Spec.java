package io.gradforge.dsl.spec;

import org.jspecify.annotations.Nullable;

/** A spec document: an experiment (one network and how to train it) or a search (a space of networks). */
public sealed interface Spec permits ExperimentSpec, SearchSpec {

    /** [a-z0-9][a-z0-9._-]* */
    String name();

    @Nullable String description();

    TrainingSpec training();
}
