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

    public int getUnits() {
        return units;
    }

    public ActivationSpec getActivation() {
        return activation;
    }

    public void setActivation(ActivationSpec activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    public InitSpec getInit() {
        return init;
    }

    public void setInit(InitSpec init) {
        this.init = Objects.requireNonNull(init, "init");
    }

    public boolean getBias() {
        return bias;
    }

    public void setBias(boolean bias) {
        this.bias = bias;
    }

    OutputSpec build() {
        return new OutputSpec(units, activation, init, bias);
    }
}
