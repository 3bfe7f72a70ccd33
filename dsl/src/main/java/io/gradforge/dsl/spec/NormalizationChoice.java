package io.gradforge.dsl.spec;

/** Normalization inside each searched hidden block. */
public enum NormalizationChoice { NONE, BATCH_NORM, LAYER_NORM }
