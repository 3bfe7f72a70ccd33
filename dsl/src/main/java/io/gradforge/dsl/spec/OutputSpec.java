package io.gradforge.dsl.spec;

import java.util.Objects;

/** The output layer: a dense layer with its own activation (identity unless said otherwise). */
public record OutputSpec(int units, ActivationSpec activation, InitSpec init, boolean bias) {
    public OutputSpec {
        Rules.UNITS.check(units);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
    }

    /** identity activation, xavier_uniform init, with bias. */
    public static OutputSpec of(int units) {
        return new OutputSpec(units, ActivationSpec.of("identity"), InitSpec.of("xavier_uniform"), true);
    }

    public OutputSpec withActivation(ActivationSpec activation) {
        return new OutputSpec(units, activation, init, bias);
    }
}
