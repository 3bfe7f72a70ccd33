package io.gradforge.dsl.spec;

import java.util.Map;

/** A synthetic data set by generator name, with every parameter filled in (see {@link Vocabulary#GENERATORS}). */
public record GeneratorData(String generator, Map<String, Double> parameters) implements DataSpec {
    public GeneratorData {
        var c = Vocabulary.GENERATORS.canonicalize(generator, parameters);
        generator = c.name();
        parameters = c.parameters();
    }

    public static GeneratorData of(String generator, Map<String, Double> parameters) {
        return new GeneratorData(generator, parameters);
    }

    /** How many rows the generator makes: {@code samples}, or {@code 2^bits} for parity. */
    public int rows() {
        return parameters.containsKey("samples") ? intParameter("samples") : 1 << intParameter("bits");
    }

    /** A parameter as a whole number (samples, bits, classes ...). */
    public int intParameter(String key) {
        Double v = parameters.get(key);
        if (v == null) {
            throw new IllegalArgumentException(generator + " has no parameter '" + key + "'");
        }
        return (int) Math.round(v);
    }
}
