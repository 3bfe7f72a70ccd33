package io.gradforge.dsl.spec;

/**
 * How the features of an IDX or NPY file are scaled: as stored; to the unit range by the largest magnitude of an
 * integer type (unsigned bytes / 255, signed types into [-1, 1]; floats as stored); or standardized per feature
 * to mean 0 and standard deviation 1.
 */
public enum DataScale { NONE, UNIT, STANDARDIZE }
