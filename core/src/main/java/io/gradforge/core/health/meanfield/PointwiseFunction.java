package io.gradforge.core.health.meanfield;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * An element-wise activation as the mean-field theory sees it: its value {@code phi} and derivative
 * {@code phi'}. The engine's activation types are adapted to this record by the integrator; the static
 * factories exist for tests and examples.
 *
 * <p>Kinks and jumps of {@code phi'} are expected only at 0 (relu, selu, leaky relu ...):
 * {@link GaussianIntegrals} splits every integral there.
 *
 * @param name       a short label, used in messages
 * @param value      {@code phi}
 * @param derivative {@code phi'}
 */
public record PointwiseFunction(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {

    /** SELU's alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU's lambda (scale). */
    public static final double SELU_LAMBDA = 1.0507009873554805;

    public PointwiseFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(derivative, "derivative");
        if (name.isBlank()) {
            throw new IllegalArgumentException("activation name must not be blank but was '" + name + "'.");
        }
    }

    /** A named pair {@code (phi, phi')}. */
    public static PointwiseFunction of(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
        return new PointwiseFunction(name, value, derivative);
    }

    /** {@code phi(x)}. */
    public double valueAt(double x) {
        return value.applyAsDouble(x);
    }

    /** {@code phi'(x)}. */
    public double derivativeAt(double x) {
        return derivative.applyAsDouble(x);
    }

    /** {@code phi(x) = x}. */
    public static PointwiseFunction identity() {
        return of("identity", x -> x, x -> 1.0);
    }

    /** {@code tanh}, with {@code phi' = 1 - tanh^2}. */
    public static PointwiseFunction tanh() {
        return of("tanh", Math::tanh, x -> {
            double t = Math.tanh(x);
            return 1.0 - t * t;
        });
    }

    /** {@code max(0, x)}; the derivative at 0 is taken as 0 (a measure-zero choice the integrals never see). */
    public static PointwiseFunction relu() {
        return of("relu", x -> x > 0.0 ? x : 0.0, x -> x > 0.0 ? 1.0 : 0.0);
    }

    /** The logistic sigmoid {@code 1 / (1 + e^-x)}, with {@code phi' = s (1 - s)}. */
    public static PointwiseFunction sigmoid() {
        return of("sigmoid", PointwiseFunction::logistic, x -> {
            double s = logistic(x);
            return s * (1.0 - s);
        });
    }

    /** SELU: {@code lambda x} for x &gt; 0, {@code lambda alpha (e^x - 1)} otherwise. */
    public static PointwiseFunction selu() {
        return of("selu",
                x -> x > 0.0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x),
                x -> x > 0.0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x));
    }

    /**
     * The exact (erf-based) GELU {@code x Phi(x)}, with {@code phi' = Phi(x) + x phi(x)}, where Phi and phi are
     * the standard normal CDF and density; Phi is computed as {@code erfc(-x / sqrt 2) / 2}.
     */
    public static PointwiseFunction gelu() {
        return of("gelu", x -> x * GaussianIntegrals.normalCdf(x),
                x -> GaussianIntegrals.normalCdf(x) + x * GaussianIntegrals.normalDensity(x));
    }

    private static double logistic(double x) {
        // Both branches avoid exp overflow for large |x|.
        if (x >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
