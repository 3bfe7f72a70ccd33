package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Rules;
import java.util.Objects;

/**
 * The output layer's settings; it does not use the network's defaults: identity activation,
 * xavier_uniform init and a bias unless set here.
 */
@GradforgeDsl
public final class OutputBuilder {

    private final int units;
    private ActivationSpec activation;
    private InitSpec init;
    private boolean bias;

    OutputBuilder(int units) {
        Rules.UNITS.check(units);
        OutputSpec start = OutputSpec.of(units);
        this.units = units;
        activation = start.activation();
        init = start.init();
        bias = start.bias();
    }

    /** The number of outputs, given when the output was declared. */
    public int getUnits() {
        return units;
    }

    /** The output activation. */
    public ActivationSpec getActivation() {
        return activation;
    }

    /** The output activation (default identity; the losses take logits, so keep identity with them). */
    public void setActivation(ActivationSpec activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The output layer's weight init. */
    public InitSpec getInit() {
        return init;
    }

    /** The output layer's weight init (default xavier_uniform). */
    public void setInit(InitSpec init) {
        this.init = Objects.requireNonNull(init, "init");
    }

    /** Whether the output layer has a bias. */
    public boolean getBias() {
        return bias;
    }

    /** Whether the output layer has a bias (default true). */
    public void setBias(boolean bias) {
        this.bias = bias;
    }

    OutputSpec build() {
        return new OutputSpec(units, activation, init, bias);
    }
}
