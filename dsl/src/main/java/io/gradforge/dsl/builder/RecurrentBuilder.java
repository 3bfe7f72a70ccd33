package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.TruncationSpec;
import org.jspecify.annotations.Nullable;

/**
 * One recurrent layer's settings ({@code rnn}, {@code lstm}, {@code gru}), starting at the YAML defaults:
 * the last step only, tanh, xavier_uniform input weights, orthogonal recurrent weights, forget bias 1.
 *
 * {@snippet lang=kotlin :
 * lstm(64, 100) { sequences = true; recurrentInit = orthogonal(1.0); truncation(20) }
 * }
 */
@GradforgeDsl
public final class RecurrentBuilder {

    private RecurrentSpec spec;

    RecurrentBuilder(RecurrentSpec.Cell cell, int units, int steps) {
        Rules.UNITS.check(units); // fail before the block runs, with the reader's message
        Rules.SEQUENCE_STEPS.check(steps);
        this.spec = RecurrentSpec.of(cell, units, steps);
    }

    /** Whether the layer returns every step's state (width steps x units) rather than the last one's. */
    public boolean getSequences() {
        return spec.sequences();
    }

    public void setSequences(boolean sequences) {
        spec = spec.withSequences(sequences);
    }

    /** An rnn's nonlinearity: TANH (the start) or RELU; the gated cells accept only TANH. */
    public ActivationSpec getActivation() {
        return spec.activation();
    }

    public void setActivation(ActivationSpec activation) {
        spec = spec.withActivation(activation);
    }

    /** The input weights' init, per gate block; xavier_uniform at the start. See {@link Inits}. */
    public InitSpec getInit() {
        return spec.init();
    }

    public void setInit(InitSpec init) {
        spec = spec.withInit(init);
    }

    /** The recurrent weights' init, per gate block; orthogonal at the start (identity(1.0) is the IRNN). */
    public InitSpec getRecurrentInit() {
        return spec.recurrentInit();
    }

    public void setRecurrentInit(InitSpec recurrentInit) {
        spec = spec.withRecurrentInit(recurrentInit);
    }

    /** An LSTM's forget-gate starting bias, 1 at the start. */
    public double getForgetBias() {
        return spec.forgetBias();
    }

    public void setForgetBias(double forgetBias) {
        spec = spec.withForgetBias(forgetBias);
    }

    /** Truncated BPTT (k1, k2), or null (the start) for full BPTT. See {@link #truncation(int)}. */
    public @Nullable TruncationSpec getTruncation() {
        return spec.truncation();
    }

    public void setTruncation(@Nullable TruncationSpec truncation) {
        spec = spec.withTruncation(truncation);
    }

    /** Chunked truncated BPTT: k1 = k2 = {@code k} (YAML {@code truncation: k}), k at most the steps. */
    public void truncation(int k) {
        setTruncation(TruncationSpec.of(k));
    }

    /** TBPTT(k1, k2) (YAML {@code truncation: {k1: .., k2: ..}}), 1 <= k1 <= k2 <= steps. */
    public void truncation(int k1, int k2) {
        setTruncation(TruncationSpec.of(k1, k2));
    }

    RecurrentSpec build() {
        return spec;
    }
}
