package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.InitSpec;
import java.util.Map;

/**
 * Weight initializers for the builders, as constants (Kotlin: {@code import io.gradforge.dsl.builder.Inits.*})
 * and, where they take a parameter, as functions: {@code normal(0.02)}, {@code orthogonal(1.0)}.
 */
public final class Inits {

    private Inits() {}

    public static final InitSpec ZEROS = InitSpec.of("zeros");
    public static final InitSpec GLOROT_STANDARD = InitSpec.of("glorot_standard");
    public static final InitSpec XAVIER_UNIFORM = InitSpec.of("xavier_uniform");
    public static final InitSpec XAVIER_NORMAL = InitSpec.of("xavier_normal");
    public static final InitSpec HE_UNIFORM = InitSpec.of("he_uniform");
    public static final InitSpec HE_NORMAL = InitSpec.of("he_normal");
    public static final InitSpec LECUN_UNIFORM = InitSpec.of("lecun_uniform");
    public static final InitSpec LECUN_NORMAL = InitSpec.of("lecun_normal");
    /** orthogonal with gain 1. */
    public static final InitSpec ORTHOGONAL = InitSpec.of("orthogonal");

    public static InitSpec constant(double value) {
        return InitSpec.of("constant", Map.of("value", value));
    }

    public static InitSpec normal(double std) {
        return InitSpec.of("normal", Map.of("std", std));
    }

    public static InitSpec uniform(double limit) {
        return InitSpec.of("uniform", Map.of("limit", limit));
    }

    public static InitSpec orthogonal(double gain) {
        return InitSpec.of("orthogonal", Map.of("gain", gain));
    }

    /** By YAML name; an unknown name fails with the reader's message. */
    public static InitSpec initNamed(String name) {
        return InitSpec.of(name);
    }
}
