package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.Rules;
import org.jspecify.annotations.Nullable;

/**
 * One dense layer's settings. Null (the start) means "as the network's defaults say", exactly as a dense
 * layer in YAML that leaves a key out.
 */
@GradforgeDsl
public final class DenseBuilder {

    private final int units;
    private @Nullable ActivationSpec activation;
    private @Nullable InitSpec init;
    private @Nullable Boolean bias;
    private @Nullable InitSpec biasInit;

    DenseBuilder(int units) {
        Rules.UNITS.check(units); // fail before the block runs, with the reader's message
        this.units = units;
    }

    public int getUnits() {
        return units;
    }

    public @Nullable ActivationSpec getActivation() {
        return activation;
    }

    public void setActivation(@Nullable ActivationSpec activation) {
        this.activation = activation;
    }

    public @Nullable InitSpec getInit() {
        return init;
    }

    public void setInit(@Nullable InitSpec init) {
        this.init = init;
    }

    public @Nullable Boolean getBias() {
        return bias;
    }

    public void setBias(@Nullable Boolean bias) {
        this.bias = bias;
    }

    public @Nullable InitSpec getBiasInit() {
        return biasInit;
    }

    public void setBiasInit(@Nullable InitSpec biasInit) {
        this.biasInit = biasInit;
    }

    DenseSpec build() {
        return new DenseSpec(units, activation, init, bias, biasInit, 1);
    }
}
