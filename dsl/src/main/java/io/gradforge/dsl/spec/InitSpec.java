package io.gradforge.dsl.spec;

import java.util.Map;

/** A weight initializer by canonical name with every parameter filled in. */
public record InitSpec(String name, Map<String, Double> parameters) {
    public InitSpec {
        var c = Vocabulary.INITIALIZERS.canonicalize(name, parameters);
        name = c.name();
        parameters = c.parameters();
    }

    public static InitSpec of(String name) {
        return new InitSpec(name, Map.of());
    }

    public static InitSpec of(String name, Map<String, Double> parameters) {
        return new InitSpec(name, parameters);
    }
}
