package io.gradforge.dsl.spec;

import java.util.Map;

/**
 * An activation by canonical name with every parameter filled in, so equal meaning gives equal
 * records: {@code silu} becomes {@code swish} with beta 1, {@code leaky_relu} carries alpha 0.01.
 *
 * {@snippet :
 * ActivationSpec leaky = ActivationSpec.of("leaky_relu", Map.of("alpha", 0.1));
 * }
 */
public record ActivationSpec(String name, Map<String, Double> parameters) {
    public ActivationSpec {
        var c = Vocabulary.ACTIVATIONS.canonicalize(name, parameters);
        name = c.name();
        parameters = c.parameters();
    }

    public static ActivationSpec of(String name) {
        return new ActivationSpec(name, Map.of());
    }

    public static ActivationSpec of(String name, Map<String, Double> parameters) {
        return new ActivationSpec(name, parameters);
    }

    public double parameter(String key) {
        Double v = parameters.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " has no parameter '" + key + "'");
        }
        return v;
    }
}
