package io.gradforge.core.nn;

import java.util.Objects;
import java.util.Optional;

/**
 * A pointwise activation: a kind plus its one parameter (0 for kinds without one).
 *
 * <ul>
 *   <li>identity: x; sigmoid: 1/(1+e^-x); tanh; relu: max(0, x)</li>
 *   <li>leaky_relu(alpha): x &gt; 0 ? x : alpha x (alpha &ge; 0, default 0.01)</li>
 *   <li>prelu(a): as leaky_relu but the slope is learned per unit; {@code parameter} is the initial slope
 *       (default 0.25). {@link #value}/{@link #derivative} use the initial slope.</li>
 *   <li>elu(alpha): x &gt; 0 ? x : alpha (e^x - 1) (alpha &ge; 0, default 1)</li>
 *   <li>selu: lambda * elu_alpha(x) with {@link #SELU_ALPHA} and {@link #SELU_LAMBDA}</li>
 *   <li>swish(beta): x sigmoid(beta x) (beta &gt; 0, default 1; silu = swish(1))</li>
 *   <li>gelu: exact form x Phi(x), Phi the standard normal CDF (not the tanh approximation)</li>
 *   <li>softplus: ln(1 + e^x), computed stably</li>
 * </ul>
 *
 * Derivatives at kinks (relu family at 0) take the left value, matching the kernels ({@code x > 0 ? 1 : alpha}).
 *
 * {@snippet :
 * Activation act = Activation.leakyRelu(0.2);
 * double y = act.value(-1.0);       // -0.2
 * String name = act.yamlName();     // "leaky_relu"
 * }
 */
public record Activation(ActivationKind kind, double parameter) {

    /** SELU alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU lambda (scale) (Klambauer et al. 2017). */
    public static final double SELU_LAMBDA = 1.0507009873554805;

    private static final double INV_SQRT_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    public Activation {
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(parameter)) {
            throw new IllegalArgumentException(kind.yamlName() + " parameter must be finite but was " + parameter + ".");
        }
        switch (kind) {
            case LEAKY_RELU, ELU -> {
                if (parameter < 0) {
                    throw new IllegalArgumentException(kind.yamlName() + " alpha must be >= 0 but was " + parameter + ".");
                }
            }
            case SWISH -> {
                if (parameter <= 0) {
                    throw new IllegalArgumentException("swish beta must be positive but was " + parameter + ".");
                }
            }
            case PRELU -> { /* any finite initial slope */ }
            default -> {
                if (parameter != 0) {
                    throw new IllegalArgumentException(kind.yamlName() + " takes no parameter, so it must be 0 but was "
                            + parameter + ".");
                }
            }
        }
    }

    /** The kind with its default parameter. */
    public static Activation of(ActivationKind kind) {
        return new Activation(kind, kind.defaultParameter());
    }

    public static Activation identity() { return of(ActivationKind.IDENTITY); }
    public static Activation sigmoid() { return of(ActivationKind.SIGMOID); }
    public static Activation tanh() { return of(ActivationKind.TANH); }
    public static Activation relu() { return of(ActivationKind.RELU); }
    public static Activation leakyRelu() { return of(ActivationKind.LEAKY_RELU); }
    public static Activation leakyRelu(double alpha) { return new Activation(ActivationKind.LEAKY_RELU, alpha); }
    public static Activation prelu() { return of(ActivationKind.PRELU); }
    public static Activation prelu(double initialSlope) { return new Activation(ActivationKind.PRELU, initialSlope); }
    public static Activation elu() { return of(ActivationKind.ELU); }
    public static Activation elu(double alpha) { return new Activation(ActivationKind.ELU, alpha); }
    public static Activation selu() { return of(ActivationKind.SELU); }
    public static Activation swish() { return of(ActivationKind.SWISH); }
    public static Activation swish(double beta) { return new Activation(ActivationKind.SWISH, beta); }
    /** swish with beta 1. */
    public static Activation silu() { return swish(1); }
    public static Activation gelu() { return of(ActivationKind.GELU); }
    public static Activation softplus() { return of(ActivationKind.SOFTPLUS); }

    /** Parses a YAML name ("silu" included) to the activation with its default parameter. */
    public static Optional<Activation> parse(String name) {
        return ActivationKind.parse(name).map(Activation::of);
    }

    /** The lower_snake YAML name of the kind, e.g. "leaky_relu". */
    public String yamlName() {
        return kind.yamlName();
    }

    /** phi(x). */
    public double value(double x) {
        return switch (kind) {
            case IDENTITY -> x;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : 0;
            case LEAKY_RELU, PRELU -> x > 0 ? x : parameter * x;
            case ELU -> elu(x, parameter);
            case SELU -> SELU_LAMBDA * elu(x, SELU_ALPHA);
            case SWISH -> swish(x, parameter);
            case GELU -> x * normalCdf(x);
            case SOFTPLUS -> softplus(x);
        };
    }

    /** phi'(x) (left derivative at kinks). */
    public double derivative(double x) {
        return switch (kind) {
            case IDENTITY -> 1;
            case SIGMOID -> {
                double s = sigmoid(x);
                yield s * (1 - s);
            }
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU, PRELU -> x > 0 ? 1 : parameter;
            case ELU -> eluDerivative(x, parameter);
            case SELU -> SELU_LAMBDA * eluDerivative(x, SELU_ALPHA);
            case SWISH -> swishDerivative(x, parameter);
            case GELU -> normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case SOFTPLUS -> sigmoid(x);
        };
    }

    /**
     * elu with slope {@code alpha}: x &gt; 0 ? x : alpha (e^x - 1). {@code Math.exp(x) - 1} rather than
     * {@code Math.expm1}: exp is a JIT intrinsic while expm1 runs FdLibm's Java code; the absolute error near 0
     * (about 1e-16) is far below float64's training noise. Layers do not call this: their kernels compute elu,
     * selu and swish with a deterministic expm1 and exp of their own ({@code ActivationOps}).
     */
    private static double elu(double x, double alpha) {
        return x > 0 ? x : alpha * (Math.exp(x) - 1);
    }

    private static double eluDerivative(double x, double alpha) {
        return x > 0 ? 1 : alpha * Math.exp(x);
    }

    /** swish: x sigmoid(beta x). */
    private static double swish(double x, double beta) {
        return x * sigmoid(beta * x);
    }

    private static double swishDerivative(double x, double beta) {
        double s = sigmoid(beta * x);
        return s + beta * x * s * (1 - s);
    }

    /** Logistic sigmoid, stable for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** ln(1 + e^x), stable for large |x|. */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2 (accurate in both tails). */
    public static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x * INV_SQRT_2);
    }
}
