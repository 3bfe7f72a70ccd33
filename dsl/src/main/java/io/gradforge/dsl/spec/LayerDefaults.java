package io.gradforge.dsl.spec;

import java.util.Objects;

/** What a dense layer uses when it does not say otherwise. */
public record LayerDefaults(ActivationSpec activation, InitSpec init, boolean bias, InitSpec biasInit) {
    /** relu, he_normal, with a zero-initialized bias. */
    public static final LayerDefaults STANDARD =
            new LayerDefaults(ActivationSpec.of("relu"), InitSpec.of("he_normal"), true, InitSpec.of("zeros"));

    public LayerDefaults {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(biasInit, "biasInit");
    }

    public LayerDefaults withActivation(ActivationSpec activation) {
        return new LayerDefaults(activation, init, bias, biasInit);
    }

    public LayerDefaults withInit(InitSpec init) {
        return new LayerDefaults(activation, init, bias, biasInit);
    }
}
