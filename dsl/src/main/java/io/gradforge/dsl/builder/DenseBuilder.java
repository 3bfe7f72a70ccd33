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

    /** The layer's width, given when the layer was declared. */
    public int getUnits() {
        return units;
    }

    /** This layer's activation, or null for the network default. */
    public @Nullable ActivationSpec getActivation() {
        return activation;
    }

    /** This layer's activation; null (the start) takes the network default. See {@link Activations}. */
    public void setActivation(@Nullable ActivationSpec activation) {
        this.activation = activation;
    }

    /** This layer's weight init, or null for the network default. */
    public @Nullable InitSpec getInit() {
        return init;
    }

    /** This layer's weight init; null (the start) takes the network default. See {@link Inits}. */
    public void setInit(@Nullable InitSpec init) {
        this.init = init;
    }

    /** Whether this layer has a bias, or null for the network default. */
    public @Nullable Boolean getBias() {
        return bias;
    }

    /** Whether this layer has a bias; null (the start) takes the network default. */
    public void setBias(@Nullable Boolean bias) {
        this.bias = bias;
    }

    /** This layer's bias init, or null for the network default. */
    public @Nullable InitSpec getBiasInit() {
        return biasInit;
    }

    /** This layer's bias init; null (the start) takes the network default. */
    public void setBiasInit(@Nullable InitSpec biasInit) {
        this.biasInit = biasInit;
    }

    DenseSpec build() {
        return new DenseSpec(units, activation, init, bias, biasInit, 1);
    }
}
