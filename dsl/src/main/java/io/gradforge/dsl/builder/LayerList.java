package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A list of layers being declared: the network's hidden layers, a residual or dense-skip branch, or the
 * body of {@code repeat}. Every method appends and returns this builder, so Java can chain.
 *
 * <p>{@link #repeat(int, Action)} maps onto the records' {@code repeat} field when its block declares a
 * single dense, residual or dense-skip layer ({@code repeat(30) { dense(32) }} is YAML's
 * {@code dense: {units: 32, repeat: 30}}); otherwise (several layers, or a normalization or activation
 * layer, which have no repeat field) it appends the block's layers {@code n} times in a row.
 *
 * @param <B> the concrete builder, returned for chaining
 */
@GradforgeDsl
public abstract sealed class LayerList<B extends LayerList<B>>
        permits NetworkBuilder, LayersBuilder, ResidualBuilder, DenseSkipBuilder {

    private final List<LayerSpec> layers = new ArrayList<>();

    LayerList() {}

    abstract B self();

    /** The layers declared so far (a copy). */
    public List<LayerSpec> getLayers() {
        return List.copyOf(layers);
    }

    /** Appends a dense layer of {@code units} whose unset settings come from the network's defaults. */
    public B dense(int units) {
        return layer(DenseSpec.of(units));
    }

    /** Appends a dense layer configured by {@code block}: {@code dense(64) { init = ZEROS }}. */
    public B dense(int units, Action<? super DenseBuilder> block) {
        DenseBuilder d = new DenseBuilder(units);
        block.execute(d);
        return layer(d.build());
    }

    /** Appends an activation layer. */
    public B activation(ActivationSpec activation) {
        return layer(new ActivationLayerSpec(activation));
    }

    /** Appends batch normalization with eps 1e-5 and momentum 0.1. */
    public B batchNorm() {
        return layer(BatchNormSpec.of());
    }

    /** Appends batch normalization with {@code eps} in [1e-12, 1] and running-statistics {@code momentum} in [0, 1]. */
    public B batchNorm(double eps, double momentum) {
        return layer(new BatchNormSpec(eps, momentum));
    }

    /** Appends layer normalization with eps 1e-5. */
    public B layerNorm() {
        return layer(LayerNormSpec.of());
    }

    /** Appends layer normalization with {@code eps} in [1e-12, 1]. */
    public B layerNorm(double eps) {
        return layer(new LayerNormSpec(eps));
    }

    /** Appends a tanh RNN of {@code units} over sequences of {@code steps} steps, returning the last step. */
    public B rnn(int units, int steps) {
        return rnn(units, steps, r -> { });
    }

    /** Appends an RNN configured by {@code block}: {@code rnn(64, 100) { activation = RELU }}. */
    public B rnn(int units, int steps, Action<? super RecurrentBuilder> block) {
        return recurrent(RecurrentSpec.Cell.RNN, units, steps, block);
    }

    /** Appends an LSTM of {@code units} over sequences of {@code steps} steps, returning the last step. */
    public B lstm(int units, int steps) {
        return lstm(units, steps, r -> { });
    }

    /** Appends an LSTM configured by {@code block}: {@code lstm(64, 100) { sequences = true }}. */
    public B lstm(int units, int steps, Action<? super RecurrentBuilder> block) {
        return recurrent(RecurrentSpec.Cell.LSTM, units, steps, block);
    }

    /** Appends a GRU of {@code units} over sequences of {@code steps} steps, returning the last step. */
    public B gru(int units, int steps) {
        return gru(units, steps, r -> { });
    }

    /** Appends a GRU configured by {@code block}. */
    public B gru(int units, int steps, Action<? super RecurrentBuilder> block) {
        return recurrent(RecurrentSpec.Cell.GRU, units, steps, block);
    }

    private B recurrent(RecurrentSpec.Cell cell, int units, int steps, Action<? super RecurrentBuilder> block) {
        RecurrentBuilder r = new RecurrentBuilder(cell, units, steps);
        block.execute(r);
        return layer(r.build());
    }

    /** Appends a residual block whose branch and settings {@code block} declares. */
    public B residual(Action<? super ResidualBuilder> block) {
        ResidualBuilder r = new ResidualBuilder();
        block.execute(r);
        return layer(r.build());
    }

    /** Appends a concatenating (DenseNet-style) skip whose branch {@code block} declares. */
    public B denseSkip(Action<? super DenseSkipBuilder> block) {
        DenseSkipBuilder s = new DenseSkipBuilder();
        block.execute(s);
        return layer(s.build());
    }

    /**
     * Appends the layers {@code block} declares, {@code times} in a row (see the class comment for how
     * this maps onto the records' repeat field).
     */
    public B repeat(int times, Action<? super LayersBuilder> block) {
        Rules.REPEAT.check(times);
        LayersBuilder body = new LayersBuilder();
        block.execute(body);
        List<LayerSpec> inner = body.getLayers();
        if (inner.isEmpty()) {
            throw new IllegalArgumentException(Rules.emptyLayers("repeat"));
        }
        if (inner.size() == 1) {
            LayerSpec one = inner.get(0);
            long total = (long) one.repeat() * times;
            LayerSpec repeated = switch (one) {
                case DenseSpec d -> total <= Rules.REPEAT.max() ? d.withRepeat((int) total) : null;
                case ResidualSpec r -> total <= Rules.REPEAT.max() ? r.withRepeat((int) total) : null;
                case DenseSkipSpec s -> total <= Rules.REPEAT.max()
                        ? new DenseSkipSpec(s.layers(), (int) total) : null;
                default -> null;
            };
            if (repeated != null) {
                return layer(repeated);
            }
        }
        if ((double) inner.size() * times > Rules.MAX_LAYERS) {
            throw new IllegalArgumentException(Rules.tooManyLayers((double) inner.size() * times));
        }
        for (int i = 0; i < times; i++) {
            layers.addAll(inner);
        }
        return self();
    }

    /** Appends a layer built elsewhere, e.g. a record from a spec read earlier. */
    public B layer(LayerSpec layer) {
        layers.add(Objects.requireNonNull(layer, "layer"));
        return self();
    }
}
