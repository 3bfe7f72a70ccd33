package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerDefaults;
import java.util.Objects;

/** What dense layers use when they do not say otherwise; starts at {@link LayerDefaults#STANDARD}. */
@GradforgeDsl
public final class DefaultsBuilder {

    private ActivationSpec activation;
    private InitSpec init;
    private boolean bias;
    private InitSpec biasInit;

    DefaultsBuilder(LayerDefaults start) {
        activation = start.activation();
        init = start.init();
        bias = start.bias();
        biasInit = start.biasInit();
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

    public InitSpec getBiasInit() {
        return biasInit;
    }

    public void setBiasInit(InitSpec biasInit) {
        this.biasInit = Objects.requireNonNull(biasInit, "biasInit");
    }

    LayerDefaults build() {
        return new LayerDefaults(activation, init, bias, biasInit);
    }
}
