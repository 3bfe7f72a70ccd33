package io.gradforge.dsl.spec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recurrent layer ({@code rnn}, {@code lstm} or {@code gru}) over sequences of {@code steps} steps: its input
 * width is steps x features per step, and it returns every step's state (width steps x units) when
 * {@code sequences}, else the last step's (width units). As PyTorch's nn.RNN / nn.LSTM / nn.GRU from a zero
 * state. The initializers apply per gate block: {@code init} to the input weights, {@code recurrentInit} to the
 * recurrent ones; the network's layer defaults do not apply to recurrent layers.
 *
 * @param activation tanh or relu for an rnn; tanh for the gated cells
 * @param forgetBias the LSTM forget gate's starting bias; {@value #DEFAULT_FORGET_BIAS} for the other cells
 * @param truncation truncated backpropagation through time (k2 at most {@code steps}), or null for full BPTT
 */
public record RecurrentSpec(Cell cell, int units, int steps, boolean sequences, ActivationSpec activation,
        InitSpec init, InitSpec recurrentInit, double forgetBias, @Nullable TruncationSpec truncation)
        implements LayerSpec {

    /** The cells, named as their YAML layer kinds. */
    public enum Cell {
        RNN, LSTM, GRU;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final double DEFAULT_FORGET_BIAS = 1.0;
    public static final ActivationSpec DEFAULT_ACTIVATION = ActivationSpec.of("tanh");
    public static final InitSpec DEFAULT_INIT = InitSpec.of("xavier_uniform");
    public static final InitSpec DEFAULT_RECURRENT_INIT = InitSpec.of("orthogonal");
    /** The activations an rnn accepts (PyTorch's nonlinearity). */
    public static final List<String> RNN_ACTIVATIONS = List.of("tanh", "relu");

    public RecurrentSpec {
        Objects.requireNonNull(cell, "cell");
        Rules.UNITS.check(units);
        Rules.SEQUENCE_STEPS.check(steps);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(recurrentInit, "recurrentInit");
        Rules.FORGET_BIAS.check(forgetBias);
        if (cell == Cell.RNN ? !RNN_ACTIVATIONS.contains(activation.name()) : !activation.name().equals("tanh")) {
            throw new IllegalArgumentException(cell.yamlName() + " activation must be "
                    + (cell == Cell.RNN ? "tanh or relu" : "tanh (its gates fix it)") + " but was " + activation.name());
        }
        if (cell != Cell.LSTM && forgetBias != DEFAULT_FORGET_BIAS) {
            throw new IllegalArgumentException("forget_bias is an lstm option; a " + cell.yamlName()
                    + " has no forget gate (was " + Rules.format(forgetBias) + ")");
        }
        if (truncation != null && truncation.k2() > steps) {
            throw new IllegalArgumentException(TruncationSpec.beyondSteps(
                    truncation.chunked() ? "truncation" : "truncation k2", truncation.k2(), steps));
        }
    }

    /** A layer without truncation (full BPTT). */
    public RecurrentSpec(Cell cell, int units, int steps, boolean sequences, ActivationSpec activation,
            InitSpec init, InitSpec recurrentInit, double forgetBias) {
        this(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, null);
    }

    /** A layer of {@code units} over {@code steps} steps returning its last step, with the default options. */
    public static RecurrentSpec of(Cell cell, int units, int steps) {
        return new RecurrentSpec(cell, units, steps, false, DEFAULT_ACTIVATION, DEFAULT_INIT,
                DEFAULT_RECURRENT_INIT, DEFAULT_FORGET_BIAS);
    }

    public RecurrentSpec withSequences(boolean sequences) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    public RecurrentSpec withActivation(ActivationSpec activation) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    public RecurrentSpec withInit(InitSpec init) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    public RecurrentSpec withRecurrentInit(InitSpec recurrentInit) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    public RecurrentSpec withForgetBias(double forgetBias) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    public RecurrentSpec withTruncation(@Nullable TruncationSpec truncation) {
        return new RecurrentSpec(cell, units, steps, sequences, activation, init, recurrentInit, forgetBias, truncation);
    }

    /** G, the gate blocks: 1, 4 or 3. */
    public int gates() {
        return switch (cell) {
            case RNN -> 1;
            case LSTM -> 4;
            case GRU -> 3;
        };
    }

    /** The output width: steps x units for sequences, else units. */
    public int outputWidth() {
        return sequences ? steps * units : units;
    }

    /** The features of one step for an input of {@code width}; throws when width is no whole number of steps. */
    public int featuresPerStep(int width) {
        if (width % steps != 0) {
            throw new IllegalArgumentException(cell.yamlName() + " steps " + steps + " must divide its input width "
                    + width + " (steps x features per step)");
        }
        return width / steps;
    }
}
