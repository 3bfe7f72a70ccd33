package io.gradforge.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The pointwise nonlinearities a layer can apply. See {@link Activation} for the formulas. */
public enum ActivationKind {
    IDENTITY(0),
    SIGMOID(0),
    TANH(0),
    RELU(0),
    /** parameter: negative slope alpha, default 0.01. */
    LEAKY_RELU(0.01),
    /** parameter: initial negative slope (learned, one per unit), default 0.25. */
    PRELU(0.25),
    /** parameter: alpha, default 1. */
    ELU(1),
    SELU(0),
    /** parameter: beta, default 1 (silu). */
    SWISH(1),
    GELU(0),
    SOFTPLUS(0);

    private final double defaultParameter;

    ActivationKind(double defaultParameter) {
        this.defaultParameter = defaultParameter;
    }

    /** The parameter used when a spec names the kind without one (0 for parameterless kinds). */
    public double defaultParameter() {
        return defaultParameter;
    }

    /** Whether this kind reads {@link Activation#parameter()}. */
    public boolean hasParameter() {
        return this == LEAKY_RELU || this == PRELU || this == ELU || this == SWISH;
    }

    /** The lower_snake name used in YAML specs, e.g. "leaky_relu". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a YAML name (case-insensitive, surrounding blanks ignored); "silu" is accepted as {@link #SWISH}.
     * Returns empty for an unknown name.
     */
    public static Optional<ActivationKind> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("silu")) return Optional.of(SWISH);
        for (ActivationKind k : values()) {
            if (k.yamlName().equals(n)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Every accepted YAML name, aliases included, for error messages ("expected one of ..."). */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ActivationKind k : values()) names.add(k.yamlName());
        names.add("silu");
        return List.copyOf(names);
    }
}
