package io.gradforge.core.data;

/** What a dataset's targets mean, and so which loss and metrics fit it. */
public enum TaskKind {
    /** Real-valued targets, any number of outputs. */
    REGRESSION,
    /** One output holding 0 or 1; class labels name class 0 and class 1. */
    BINARY,
    /** One-hot targets, one output per class (at least 2). */
    MULTICLASS
}
