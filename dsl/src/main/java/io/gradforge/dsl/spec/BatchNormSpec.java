package io.gradforge.dsl.spec;

/** Batch normalization with its epsilon and running-statistics momentum. */
public record BatchNormSpec(double eps, double momentum) implements LayerSpec {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    public BatchNormSpec {
        Rules.EPS.check(eps);
        Rules.MOMENTUM.check(momentum);
    }

    public static BatchNormSpec of() {
        return new BatchNormSpec(DEFAULT_EPS, DEFAULT_MOMENTUM);
    }
}
