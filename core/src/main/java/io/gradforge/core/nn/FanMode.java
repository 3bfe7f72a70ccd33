package io.gradforge.core.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which fan a variance-scaled initializer divides by ({@link Initializer#varianceScaledNormal}): as in Keras's
 * {@code VarianceScaling}, so {@code variance_scale 2, fan_in} is He's N(0, 2 / fan_in) and {@code 1, fan_avg} is
 * Glorot's N(0, 2 / (fan_in + fan_out)).
 */
public enum FanMode {
    /** n_in: keeps the forward signal's variance (mean-field theory's sigma_w^2 = variance_scale). */
    FAN_IN,
    /** n_out: keeps the backward gradient's variance. */
    FAN_OUT,
    /** (n_in + n_out) / 2, Glorot &amp; Bengio's compromise. */
    FAN_AVG;

    /** The fan for a layer with these fans. */
    public double fan(int fanIn, int fanOut) {
        return switch (this) {
            case FAN_IN -> fanIn;
            case FAN_OUT -> fanOut;
            case FAN_AVG -> (fanIn + (double) fanOut) / 2;
        };
    }

    /** The lower_snake YAML name, e.g. "fan_in". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a YAML name (exact, lower case). */
    public static Optional<FanMode> parse(String name) {
        return Arrays.stream(values()).filter(m -> m.yamlName().equals(name)).findFirst();
    }

    /** Every YAML name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(FanMode::yamlName).toList();
    }
}
