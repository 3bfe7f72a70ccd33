package io.gradforge.core.tensor;

/** Floating-point precision of a network's buffers. FLOAT64 is the default (gradient checks need it). */
public enum Precision {
    FLOAT32,
    FLOAT64
}
