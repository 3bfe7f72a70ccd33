package io.gradforge.core.nn;

import java.util.Locale;

/**
 * The recurrent cells of {@link Recurrent}, named as PyTorch names its modes: each computes the same function,
 * with the same parameter layout, as {@code nn.RNN(nonlinearity='tanh'|'relu')}, {@code nn.LSTM} and
 * {@code nn.GRU} (see docs/recurrent.md).
 */
public enum CellKind {
    /** h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh). */
    RNN_TANH(1),
    /** h_t = relu(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) (Le et al. 2015's IRNN with an identity W_hh). */
    RNN_RELU(1),
    /** Gates i, f, g, o (in this order in the weight rows); c_t = f c_{t-1} + i g, h_t = o tanh(c_t). */
    LSTM(4),
    /** Gates r, z, n; n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h_t = (1 - z) n + z h_{t-1}. */
    GRU(3);

    private final int gates;

    CellKind(int gates) {
        this.gates = gates;
    }

    /** The number of gate blocks stacked in the weight rows: 1, 4 or 3. */
    public int gates() {
        return gates;
    }

    /** "rnn_tanh", "rnn_relu", "lstm", "gru". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
