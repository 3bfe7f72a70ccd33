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

    /** The activation of dense layers that name none. */
    public ActivationSpec getActivation() {
        return activation;
    }

    /** The activation of dense layers that name none (default relu); see {@link Activations}. */
    public void setActivation(ActivationSpec activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The weight init of dense layers that name none. */
    public InitSpec getInit() {
        return init;
    }

    /** The weight init of dense layers that name none (default he_normal); see {@link Inits}. */
    public void setInit(InitSpec init) {
        this.init = Objects.requireNonNull(init, "init");
    }

    /** Whether dense layers that do not say have a bias. */
    public boolean getBias() {
        return bias;
    }

    /** Whether dense layers that do not say have a bias (default true). */
    public void setBias(boolean bias) {
        this.bias = bias;
    }

    /** The bias init of dense layers that name none. */
    public InitSpec getBiasInit() {
        return biasInit;
    }

    /** The bias init of dense layers that name none (default zeros). */
    public void setBiasInit(InitSpec biasInit) {
        this.biasInit = Objects.requireNonNull(biasInit, "biasInit");
    }

    LayerDefaults build() {
        return new LayerDefaults(activation, init, bias, biasInit);
    }
}
