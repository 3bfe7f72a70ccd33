package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import java.util.Map;

/**
 * Activations for the builders, as constants (Kotlin: {@code import io.gradforge.dsl.builder.Activations.*})
 * and, where they take a parameter, as functions. The constants of parameterized activations carry the
 * vocabulary's defaults ({@code LEAKY_RELU} has alpha 0.01).
 *
 * {@snippet :
 * ActivationSpec a = Activations.leakyRelu(0.1);
 * }
 */
public final class Activations {

    private Activations() {}

    public static final ActivationSpec IDENTITY = ActivationSpec.of("identity");
    public static final ActivationSpec SIGMOID = ActivationSpec.of("sigmoid");
    public static final ActivationSpec TANH = ActivationSpec.of("tanh");
    public static final ActivationSpec RELU = ActivationSpec.of("relu");
    public static final ActivationSpec LEAKY_RELU = ActivationSpec.of("leaky_relu");
    public static final ActivationSpec PRELU = ActivationSpec.of("prelu");
    public static final ActivationSpec ELU = ActivationSpec.of("elu");
    public static final ActivationSpec SELU = ActivationSpec.of("selu");
    public static final ActivationSpec SWISH = ActivationSpec.of("swish");
    /** swish with beta 1 (the YAML alias {@code silu}). */
    public static final ActivationSpec SILU = ActivationSpec.of("silu");
    public static final ActivationSpec GELU = ActivationSpec.of("gelu");
    public static final ActivationSpec SOFTPLUS = ActivationSpec.of("softplus");

    public static ActivationSpec leakyRelu(double alpha) {
        return ActivationSpec.of("leaky_relu", Map.of("alpha", alpha));
    }

    public static ActivationSpec prelu(double init) {
        return ActivationSpec.of("prelu", Map.of("init", init));
    }

    public static ActivationSpec elu(double alpha) {
        return ActivationSpec.of("elu", Map.of("alpha", alpha));
    }

    public static ActivationSpec swish(double beta) {
        return ActivationSpec.of("swish", Map.of("beta", beta));
    }

    /** By YAML name, e.g. from a configuration string; an unknown name fails with the reader's message. */
    public static ActivationSpec activationNamed(String name) {
        return ActivationSpec.of(name);
    }
}
