package io.gradforge.dsl.spec;

/** Where training data comes from: a named generator, or files ({@link FileData}: CSV, IDX, NPY). */
public sealed interface DataSpec permits GeneratorData, FileData {}
