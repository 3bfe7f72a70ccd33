package io.gradforge.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Weight initialization schemes; see {@link Initializer} for each one's distribution and variance. */
public enum InitKind {
    ZEROS,
    CONSTANT,
    NORMAL,
    UNIFORM,
    GLOROT_STANDARD,
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL,
    LECUN_UNIFORM,
    LECUN_NORMAL,
    ORTHOGONAL,
    IDENTITY;

    /** The lower_snake YAML name, e.g. "he_normal". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this kind reads {@link Initializer#parameter()}. */
    public boolean hasParameter() {
        return this == CONSTANT || this == NORMAL || this == UNIFORM || this == ORTHOGONAL || this == IDENTITY;
    }

    /**
     * The parameter used when a spec gives none: constant 0, normal std 1, uniform limit 1, orthogonal gain 1,
     * identity scale 1.
     */
    public double defaultParameter() {
        return switch (this) {
            case NORMAL, UNIFORM, ORTHOGONAL, IDENTITY -> 1;
            default -> 0;
        };
    }

    /** Parses a YAML name (case-insensitive); "glorot_uniform"/"glorot_normal" are aliases of the xavier kinds. */
    public static Optional<InitKind> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("glorot_uniform")) return Optional.of(XAVIER_UNIFORM);
        if (n.equals("glorot_normal")) return Optional.of(XAVIER_NORMAL);
        for (InitKind k : values()) {
            if (k.yamlName().equals(n)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Every accepted YAML name, aliases included. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (InitKind k : values()) names.add(k.yamlName());
        names.add("glorot_uniform");
        names.add("glorot_normal");
        return List.copyOf(names);
    }
}
