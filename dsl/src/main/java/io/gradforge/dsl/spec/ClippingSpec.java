package io.gradforge.dsl.spec;

import java.util.Objects;

/** Gradient clipping: none, by global norm, or by value. */
public record ClippingSpec(Mode mode, double threshold) {
    public enum Mode { NONE, NORM, VALUE }

    public ClippingSpec {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.NONE) {
            if (threshold != 0) {
                throw new IllegalArgumentException("clipping none takes no threshold but was given " + threshold);
            }
        } else {
            Rules.CLIP_THRESHOLD.check(threshold);
        }
    }

    public static ClippingSpec none() {
        return new ClippingSpec(Mode.NONE, 0);
    }

    public static ClippingSpec norm(double threshold) {
        return new ClippingSpec(Mode.NORM, threshold);
    }

    public static ClippingSpec value(double threshold) {
        return new ClippingSpec(Mode.VALUE, threshold);
    }
}
