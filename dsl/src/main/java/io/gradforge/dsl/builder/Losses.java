package io.gradforge.dsl.builder;

/** Loss names for {@link TrainingBuilder#setLoss(String)}. */
public final class Losses {

    private Losses() {}

    /** Mean squared error (no 1/2 factor), for regression. */
    public static final String MSE = "mse";
    /** Binary cross-entropy on logits (the output stays linear; the loss applies the sigmoid), targets 0 or 1. */
    public static final String BINARY_CROSS_ENTROPY = "binary_cross_entropy";
    /** Softmax cross-entropy on logits, targets one-hot or probability rows, for several classes. */
    public static final String SOFTMAX_CROSS_ENTROPY = "softmax_cross_entropy";
}
