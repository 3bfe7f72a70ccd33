package io.gradforge.dsl.spec;

/** One entry of a layer list, as written (repeat not yet expanded, defaults not yet applied). */
public sealed interface LayerSpec
        permits DenseSpec, ActivationLayerSpec, BatchNormSpec, LayerNormSpec, ResidualSpec, DenseSkipSpec,
        RecurrentSpec {

    /** How many times this entry stands in the expanded network (1 for layers without repeat). */
    default int repeat() {
        return 1;
    }
}
