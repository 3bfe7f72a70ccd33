package io.gradforge.dsl.builder;

import io.gradforge.core.nn.FanMode;
import io.gradforge.dsl.spec.InitSpec;
import java.util.Map;

/**
 * Weight initializers for the builders, as constants (Kotlin: {@code import io.gradforge.dsl.builder.Inits.*})
 * and, where they take a parameter, as functions: {@code normal(0.02)}, {@code orthogonal(1.0)},
 * {@code varianceScaledNormal(2.0, FAN_IN)}.
 */
public final class Inits {

    private Inits() {}

    /**
     * All zeros: the default bias init; for weights, only where something else breaks the symmetry (a residual branch's
     * last layer).
     */
    public static final InitSpec ZEROS = InitSpec.of("zeros");
    /** U[-1/sqrt(fan_in), 1/sqrt(fan_in)], Glorot &amp; Bengio's "standard" init (variance 1 / (3 fan_in)). */
    public static final InitSpec GLOROT_STANDARD = InitSpec.of("glorot_standard");
    /** U[-sqrt(6 / (fan_in + fan_out)), +]: variance 2 / (fan_in + fan_out), for tanh and sigmoid. */
    public static final InitSpec XAVIER_UNIFORM = InitSpec.of("xavier_uniform");
    /** N(0, 2 / (fan_in + fan_out)), for tanh and sigmoid. */
    public static final InitSpec XAVIER_NORMAL = InitSpec.of("xavier_normal");
    /** U[-sqrt(6 / fan_in), +]: variance 2 / fan_in, for the relu family. */
    public static final InitSpec HE_UNIFORM = InitSpec.of("he_uniform");
    /** N(0, 2 / fan_in), for the relu family: the weight init of the network defaults. */
    public static final InitSpec HE_NORMAL = InitSpec.of("he_normal");
    /** U[-sqrt(3 / fan_in), +]: variance 1 / fan_in. */
    public static final InitSpec LECUN_UNIFORM = InitSpec.of("lecun_uniform");
    /** N(0, 1 / fan_in), for selu. */
    public static final InitSpec LECUN_NORMAL = InitSpec.of("lecun_normal");
    /** orthogonal with gain 1. */
    public static final InitSpec ORTHOGONAL = InitSpec.of("orthogonal");

    /** Every element {@code value}, in [-1e6, 1e6] (default 0). */
    public static InitSpec constant(double value) {
        return InitSpec.of("constant", Map.of("value", value));
    }

    /** N(0, std^2) with {@code std} in [0, 1e6] (default 1). */
    public static InitSpec normal(double std) {
        return InitSpec.of("normal", Map.of("std", std));
    }

    /** U[-limit, limit] with {@code limit} in [0, 1e6] (default 1). */
    public static InitSpec uniform(double limit) {
        return InitSpec.of("uniform", Map.of("limit", limit));
    }

    /** {@code gain} times a random matrix with orthonormal rows or columns; gain above 0, at most 1000 (default 1). */
    public static InitSpec orthogonal(double gain) {
        return InitSpec.of("orthogonal", Map.of("gain", gain));
    }

    /** scale on the leading diagonal: a recurrent weight that starts as a scaled identity (IRNN). */
    public static InitSpec identity(double scale) {
        return InitSpec.of("identity", Map.of("scale", scale));
    }

    /** Variance-scaled initializers divide by fan_in (the default), ... */
    public static final FanMode FAN_IN = FanMode.FAN_IN;
    /** ... by fan_out ... */
    public static final FanMode FAN_OUT = FanMode.FAN_OUT;
    /** ... or by (fan_in + fan_out) / 2. */
    public static final FanMode FAN_AVG = FanMode.FAN_AVG;

    /**
     * N(0, scale / fan_in): {@code scale} is mean-field theory's sigma_w^2 (2 is He's init, 1 the critical tanh
     * without biases); above 0, at most 1e6. YAML {@code {name: normal, variance_scale: 2.0, mode: fan_in}}.
     */
    public static InitSpec varianceScaledNormal(double scale) {
        return InitSpec.varianceScaled("normal", scale, FanMode.FAN_IN);
    }

    /** N(0, scale / fan), the fan chosen by {@code mode}. */
    public static InitSpec varianceScaledNormal(double scale, FanMode mode) {
        return InitSpec.varianceScaled("normal", scale, mode);
    }

    /** U[-sqrt(3 scale / fan), +]: variance scale / fan, the fan chosen by {@code mode}. */
    public static InitSpec varianceScaledUniform(double scale, FanMode mode) {
        return InitSpec.varianceScaled("uniform", scale, mode);
    }

    /** By YAML name; an unknown name fails with the reader's message. */
    public static InitSpec initNamed(String name) {
        return InitSpec.of(name);
    }
}
