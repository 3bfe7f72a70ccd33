package io.gradforge.dsl.spec;

import java.util.Map;

/** A synthetic data set by generator name, with every parameter filled in (see {@link Vocabulary#GENERATORS}). */
public record GeneratorData(String generator, Map<String, Double> parameters) implements DataSpec {
    public GeneratorData {
        var c = Vocabulary.GENERATORS.canonicalize(generator, parameters);
        generator = c.name();
        parameters = c.parameters();
        if (generator.equals("delayed_xor")
                && parameters.get("delay") > parameters.get("steps") - 2) {
            throw new IllegalArgumentException("delay of delayed_xor must be at most steps - 2 = "
                    + Rules.format(parameters.get("steps") - 2) + " but was " + Rules.format(parameters.get("delay")));
        }
        if (parameters.containsKey("steps")) {
            double features = switch (generator) {
                case "adding" -> 2;
                case "memory" -> parameters.get("symbols") + 1;
                default -> 1;
            };
            double values = parameters.get("samples") * parameters.get("steps") * features;
            if (values > MAX_VALUES) {
                throw new IllegalArgumentException(generator + " with samples " + Rules.format(parameters.get("samples"))
                        + " and steps " + Rules.format(parameters.get("steps")) + " makes " + Rules.format(values)
                        + " values, more than one array holds (" + MAX_VALUES + "); lower samples or steps");
            }
        }
    }

    /** The most feature values a generated sequence task may have (one Java array). */
    public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

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
