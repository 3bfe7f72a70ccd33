package io.gradforge.dsl.spec;

/** What a CSV target is: decided from the column (auto), a number to regress, or a class label. */
public enum CsvTask { AUTO, REGRESSION, CLASSIFICATION }
