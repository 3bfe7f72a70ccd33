package io.gradforge.dsl.spec;

/** Where training data comes from: a named generator or a CSV file. */
public sealed interface DataSpec permits GeneratorData, CsvData {}
