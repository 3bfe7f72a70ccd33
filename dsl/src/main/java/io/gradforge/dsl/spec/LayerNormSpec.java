package io.gradforge.dsl.spec;

/** Layer normalization with its epsilon. */
public record LayerNormSpec(double eps) implements LayerSpec {
    public LayerNormSpec {
        Rules.EPS.check(eps);
    }

    public static LayerNormSpec of() {
        return new LayerNormSpec(BatchNormSpec.DEFAULT_EPS);
    }
}
