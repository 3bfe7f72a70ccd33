package io.gradforge.dsl.spec;

/**
 * What a data file's target is: decided from the data (auto), a number to regress, or a class label. Used by
 * CSV and NPY data.
 */
public enum CsvTask { AUTO, REGRESSION, CLASSIFICATION }
