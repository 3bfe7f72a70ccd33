package io.gradforge.dsl.builder;

/** Loss names for {@link TrainingBuilder#setLoss(String)}. */
public final class Losses {

    private Losses() {}

    public static final String MSE = "mse";
    public static final String BINARY_CROSS_ENTROPY = "binary_cross_entropy";
    public static final String SOFTMAX_CROSS_ENTROPY = "softmax_cross_entropy";
}
