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

    /** f(x) = x, no nonlinearity: the output layer's default. */
    public static final ActivationSpec IDENTITY = ActivationSpec.of("identity");
    /** 1 / (1 + e^-x), in (0, 1); it saturates, so gradients vanish through deep sigmoid stacks. */
    public static final ActivationSpec SIGMOID = ActivationSpec.of("sigmoid");
    /** tanh(x), in (-1, 1); pairs with the xavier initializers. */
    public static final ActivationSpec TANH = ActivationSpec.of("tanh");
    /** max(0, x): the activation of the network defaults; pairs with the he initializers. */
    public static final ActivationSpec RELU = ActivationSpec.of("relu");
    /** x above 0, alpha x below, with alpha 0.01 (other slopes: {@link #leakyRelu(double)}). */
    public static final ActivationSpec LEAKY_RELU = ActivationSpec.of("leaky_relu");
    /** leaky relu whose negative slope is learned per unit, starting at 0.25 ({@link #prelu(double)}). */
    public static final ActivationSpec PRELU = ActivationSpec.of("prelu");
    /** x above 0, alpha (e^x - 1) below, with alpha 1 ({@link #elu(double)}). */
    public static final ActivationSpec ELU = ActivationSpec.of("elu");
    /** The self-normalizing scaled elu (Klambauer et al. 2017); pairs with {@link Inits#LECUN_NORMAL}. */
    public static final ActivationSpec SELU = ActivationSpec.of("selu");
    /** x sigmoid(beta x) with beta 1 ({@link #swish(double)}). */
    public static final ActivationSpec SWISH = ActivationSpec.of("swish");
    /** swish with beta 1 (the YAML alias {@code silu}). */
    public static final ActivationSpec SILU = ActivationSpec.of("silu");
    /** x Phi(x), Phi the standard normal CDF (the exact form, not the tanh approximation). */
    public static final ActivationSpec GELU = ActivationSpec.of("gelu");
    /** ln(1 + e^x), a smooth relu. */
    public static final ActivationSpec SOFTPLUS = ActivationSpec.of("softplus");

    /** leaky_relu with negative slope {@code alpha}, in [0, 1] (default 0.01). */
    public static ActivationSpec leakyRelu(double alpha) {
        return ActivationSpec.of("leaky_relu", Map.of("alpha", alpha));
    }

    /** prelu whose learned negative slopes start at {@code init}, in [-10, 10] (default 0.25). */
    public static ActivationSpec prelu(double init) {
        return ActivationSpec.of("prelu", Map.of("init", init));
    }

    /** elu with {@code alpha} in [0, 100] (default 1). */
    public static ActivationSpec elu(double alpha) {
        return ActivationSpec.of("elu", Map.of("alpha", alpha));
    }

    /** swish with {@code beta} above 0 and at most 100 (default 1, which is silu). */
    public static ActivationSpec swish(double beta) {
        return ActivationSpec.of("swish", Map.of("beta", beta));
    }

    /** By YAML name, e.g. from a configuration string; an unknown name fails with the reader's message. */
    public static ActivationSpec activationNamed(String name) {
        return ActivationSpec.of(name);
    }
}
