package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.LayerDefaults;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Rules;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Declares a {@link NetworkSpec}: input width, layer defaults, hidden layers (see {@link LayerList}) and
 * the output layer. Obtain one from {@link Gradforge#network()}; {@link #build()} validates through the
 * record's constructor, so a bad network fails with the message the YAML reader gives.
 *
 * {@snippet :
 * NetworkSpec spec = Gradforge.network()
 *         .input(2)
 *         .defaults(d -> { d.setActivation(RELU); d.setInit(HE_NORMAL); })
 *         .repeat(6, l -> l.dense(64))
 *         .output(1, o -> o.setActivation(SIGMOID))
 *         .build();
 * }
 *
 * In Kotlin, through {@link Gradforge#network(Action)}:
 *
 * {@snippet lang=kotlin :
 * val spec = network {
 *     input(2)
 *     defaults { activation = RELU; init = HE_NORMAL }
 *     repeat(6) { dense(64) }
 *     output(1) { activation = SIGMOID }
 * }
 * }
 */
@GradforgeDsl
public final class NetworkBuilder extends LayerList<NetworkBuilder> {

    private int input;
    private LayerDefaults defaults = LayerDefaults.STANDARD;
    private @Nullable OutputSpec output;

    NetworkBuilder() {}

    @Override
    NetworkBuilder self() {
        return this;
    }

    /** The width of the input (required). */
    public NetworkBuilder input(int width) {
        Rules.INPUT.check(width);
        this.input = width;
        return this;
    }

    /** Changes the defaults dense layers take, starting from relu, he_normal, bias, zero bias init. */
    public NetworkBuilder defaults(Action<? super DefaultsBuilder> block) {
        DefaultsBuilder d = new DefaultsBuilder(defaults);
        block.execute(d);
        defaults = d.build();
        return this;
    }

    /** Replaces the defaults by a record built elsewhere. */
    public NetworkBuilder defaults(LayerDefaults defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        return this;
    }

    /** An output layer of {@code units}: identity activation, xavier_uniform init, with bias (required). */
    public NetworkBuilder output(int units) {
        output = OutputSpec.of(units);
        return this;
    }

    /** An output layer configured by {@code block}: {@code output(1) { activation = SIGMOID }}. */
    public NetworkBuilder output(int units, Action<? super OutputBuilder> block) {
        OutputBuilder o = new OutputBuilder(units);
        block.execute(o);
        output = o.build();
        return this;
    }

    /** The network declared so far; fails with the reader's message when it is invalid or incomplete. */
    public NetworkSpec build() {
        if (input == 0) {
            throw new IllegalArgumentException("missing required key 'input' in network");
        }
        if (output == null) {
            throw new IllegalArgumentException("missing required key 'output' in network");
        }
        return new NetworkSpec(input, defaults, getLayers(), output);
    }
}
