package io.gradforge.dsl.spec;

/** The floating-point precision training runs in. */
public enum FloatPrecision { FLOAT32, FLOAT64 }
