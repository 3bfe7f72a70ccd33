package io.gradforge.dsl.spec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fully connected layer. A null activation, init, bias or bias_init means "as the network's
 * defaults say"; {@link NetworkSpec#resolvedLayers()} fills them in.
 */
public record DenseSpec(int units, @Nullable ActivationSpec activation, @Nullable InitSpec init,
        @Nullable Boolean bias, @Nullable InitSpec biasInit, int repeat) implements LayerSpec {
    public DenseSpec {
        Rules.UNITS.check(units);
        Rules.REPEAT.check(repeat);
    }

    public static DenseSpec of(int units) {
        return new DenseSpec(units, null, null, null, null, 1);
    }

    public DenseSpec withActivation(@Nullable ActivationSpec activation) {
        return new DenseSpec(units, activation, init, bias, biasInit, repeat);
    }

    public DenseSpec withInit(@Nullable InitSpec init) {
        return new DenseSpec(units, activation, init, bias, biasInit, repeat);
    }

    public DenseSpec withBias(@Nullable Boolean bias) {
        return new DenseSpec(units, activation, init, bias, biasInit, repeat);
    }

    public DenseSpec withBiasInit(@Nullable InitSpec biasInit) {
        return new DenseSpec(units, activation, init, bias, biasInit, repeat);
    }

    public DenseSpec withRepeat(int repeat) {
        return new DenseSpec(units, activation, init, bias, biasInit, repeat);
    }

    /** This layer with every unset field taken from {@code defaults}. */
    public DenseSpec resolvedWith(LayerDefaults defaults) {
        Objects.requireNonNull(defaults, "defaults");
        return new DenseSpec(units,
                activation != null ? activation : defaults.activation(),
                init != null ? init : defaults.init(),
                bias != null ? bias : defaults.bias(),
                biasInit != null ? biasInit : defaults.biasInit(),
                repeat);
    }
}
