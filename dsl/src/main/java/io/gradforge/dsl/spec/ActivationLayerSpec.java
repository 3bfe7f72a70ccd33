package io.gradforge.dsl.spec;

import java.util.Objects;

/** A pointwise activation layer. */
public record ActivationLayerSpec(ActivationSpec activation) implements LayerSpec {
    public ActivationLayerSpec {
        Objects.requireNonNull(activation, "activation");
    }

    public static ActivationLayerSpec of(String name) {
        return new ActivationLayerSpec(ActivationSpec.of(name));
    }
}
