package io.gradforge.dsl.spec;

import java.util.Locale;

/**
 * One value of a recurrent search space's {@code cell} gene: the cell of every recurrent layer of a candidate,
 * with an rnn's nonlinearity in its name (as core's {@code CellKind}).
 */
public enum CellChoice {
    RNN_TANH(RecurrentSpec.Cell.RNN, "tanh"),
    RNN_RELU(RecurrentSpec.Cell.RNN, "relu"),
    LSTM(RecurrentSpec.Cell.LSTM, "tanh"),
    GRU(RecurrentSpec.Cell.GRU, "tanh");

    private final RecurrentSpec.Cell cell;
    private final String activation;

    CellChoice(RecurrentSpec.Cell cell, String activation) {
        this.cell = cell;
        this.activation = activation;
    }

    public RecurrentSpec.Cell cell() {
        return cell;
    }

    /** The nonlinearity: an rnn's tanh or relu, tanh for the gated cells. */
    public ActivationSpec activation() {
        return ActivationSpec.of(activation);
    }

    /** "rnn_tanh", "rnn_relu", "lstm", "gru". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A layer of this cell with the default options. */
    public RecurrentSpec layer(int units, int steps) {
        return RecurrentSpec.of(cell, units, steps).withActivation(activation());
    }
}
