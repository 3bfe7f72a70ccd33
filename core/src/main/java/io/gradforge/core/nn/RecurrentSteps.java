package io.gradforge.core.nn;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.tensor.Tensor;

/**
 * The pointwise part of one time step of each cell, forward and backward, on a layer's {@link RecurrentBuffers}.
 * The products (input side for all steps, hidden side per step) are done by {@link Recurrent}; here the gates
 * are formed from them, the state is advanced, and backward turns dL/dh_t (and dL/dc_t) into the gradients of
 * the gates' pre-activations. Gate order within a row of G*H values: LSTM i, f, g, o; GRU r, z, n (PyTorch's).
 * Arithmetic in float64 for both precisions; tanh and the sigmoid are {@link Kernels}' deterministic ones.
 */
final class RecurrentSteps {
    private RecurrentSteps() {}

    /** Step t forward: reads gates' block t (input side) and gh (hidden side), writes h_t (and c_t). */
    static void forward(CellKind cell, int t, int n, int hidden, RecurrentBuffers b) {
        int g = cell.gates() * hidden;
        int gateBlock = t * n * g;
        int prev = t * n * hidden;
        int next = prev + n * hidden;
        Tensor gates = b.gates, gh = b.gh, hs = b.hs, hPrev = b.hPrev;
        switch (cell) {
            case RNN_TANH, RNN_RELU -> {
                boolean tanh = cell == CellKind.RNN_TANH;
                for (int i = 0; i < n * hidden; i++) {
                    double a = gates.get(gateBlock + i) + gh.get(i);
                    double h = tanh ? Kernels.tanh(a) : Math.max(a, 0.0);
                    hs.set(next + i, h);
                    hPrev.set(i, h);
                }
            }
            case LSTM -> {
                Tensor cs = b.cs, tanhCs = b.tanhCs;
                for (int r = 0; r < n; r++) {
                    int row = gateBlock + r * g;
                    int hRow = r * g;
                    for (int j = 0; j < hidden; j++) {
                        double in = Kernels.sigmoid(gates.get(row + j) + gh.get(hRow + j));
                        double forget = Kernels.sigmoid(gates.get(row + hidden + j) + gh.get(hRow + hidden + j));
                        double cand = Kernels.tanh(gates.get(row + 2 * hidden + j) + gh.get(hRow + 2 * hidden + j));
                        double out = Kernels.sigmoid(gates.get(row + 3 * hidden + j) + gh.get(hRow + 3 * hidden + j));
                        int k = r * hidden + j;
                        double c = forget * cs.get(prev + k) + in * cand;
                        double tc = Kernels.tanh(c);
                        double h = out * tc;
                        gates.set(row + j, in);
                        gates.set(row + hidden + j, forget);
                        gates.set(row + 2 * hidden + j, cand);
                        gates.set(row + 3 * hidden + j, out);
                        cs.set(next + k, c);
                        tanhCs.set(prev + k, tc);
                        hs.set(next + k, h);
                        hPrev.set(k, h);
                    }
                }
            }
            case GRU -> {
                Tensor hiddenN = b.hiddenN;
                for (int r = 0; r < n; r++) {
                    int row = gateBlock + r * g;
                    int hRow = r * g;
                    for (int j = 0; j < hidden; j++) {
                        double reset = Kernels.sigmoid(gates.get(row + j) + gh.get(hRow + j));
                        double update = Kernels.sigmoid(gates.get(row + hidden + j) + gh.get(hRow + hidden + j));
                        double hn = gh.get(hRow + 2 * hidden + j);
                        double cand = Kernels.tanh(gates.get(row + 2 * hidden + j) + reset * hn);
                        int k = r * hidden + j;
                        double h = (1 - update) * cand + update * hPrev.get(k);
                        gates.set(row + j, reset);
                        gates.set(row + hidden + j, update);
                        gates.set(row + 2 * hidden + j, cand);
                        hiddenN.set(prev + k, hn);
                        hs.set(next + k, h);
                        hPrev.set(k, h);
                    }
                }
            }
        }
    }

    /**
     * Step t backward: from dh = dL/dh_t (and dc = dL/dc_t) writes the pre-activation gradients of step t into
     * dGi's and dGh's block t and into dGhStep, records dh in dhs, and leaves in dh (dc) the part of
     * dL/dh_{t-1} (dL/dc_{t-1}) that does not pass through W_hh.
     */
    static void backward(CellKind cell, int t, int n, int hidden, RecurrentBuffers b) {
        int g = cell.gates() * hidden;
        int gateBlock = t * n * g;
        int prev = t * n * hidden;
        int next = prev + n * hidden;
        Tensor gates = b.gates, hs = b.hs, dh = b.dh, dGhStep = b.dGhStep;
        RecurrentBuffers.copy(dh, 0, b.dhs, prev, n * hidden);
        switch (cell) {
            case RNN_TANH, RNN_RELU -> {
                boolean tanh = cell == CellKind.RNN_TANH;
                for (int i = 0; i < n * hidden; i++) {
                    double h = hs.get(next + i);
                    dGhStep.set(i, dh.get(i) * (tanh ? 1 - h * h : h > 0 ? 1 : 0));
                    dh.set(i, 0);
                }
            }
            case LSTM -> {
                Tensor cs = b.cs, tanhCs = b.tanhCs, dc = b.dc;
                for (int r = 0; r < n; r++) {
                    int row = gateBlock + r * g;
                    int sRow = r * g;
                    for (int j = 0; j < hidden; j++) {
                        int k = r * hidden + j;
                        double in = gates.get(row + j);
                        double forget = gates.get(row + hidden + j);
                        double cand = gates.get(row + 2 * hidden + j);
                        double out = gates.get(row + 3 * hidden + j);
                        double tc = tanhCs.get(prev + k);
                        double dhv = dh.get(k);
                        double dct = dc.get(k) + dhv * out * (1 - tc * tc);
                        double dIn = dct * cand * in * (1 - in);
                        double dForget = dct * cs.get(prev + k) * forget * (1 - forget);
                        double dCand = dct * in * (1 - cand * cand);
                        double dOut = dhv * tc * out * (1 - out);
                        dGhStep.set(sRow + j, dIn);
                        dGhStep.set(sRow + hidden + j, dForget);
                        dGhStep.set(sRow + 2 * hidden + j, dCand);
                        dGhStep.set(sRow + 3 * hidden + j, dOut);
                        dc.set(k, dct * forget);
                        dh.set(k, 0);
                    }
                }
            }
            case GRU -> {
                Tensor hiddenN = b.hiddenN, dGi = b.dGi;
                for (int r = 0; r < n; r++) {
                    int row = gateBlock + r * g;
                    int sRow = r * g;
                    for (int j = 0; j < hidden; j++) {
                        int k = r * hidden + j;
                        double reset = gates.get(row + j);
                        double update = gates.get(row + hidden + j);
                        double cand = gates.get(row + 2 * hidden + j);
                        double dhv = dh.get(k);
                        double dCand = dhv * (1 - update) * (1 - cand * cand);
                        double dReset = dCand * hiddenN.get(prev + k) * reset * (1 - reset);
                        double dUpdate = dhv * (hs.get(prev + k) - cand) * update * (1 - update);
                        double dHn = dCand * reset;
                        dGi.set(row + j, dReset);
                        dGi.set(row + hidden + j, dUpdate);
                        dGi.set(row + 2 * hidden + j, dCand); // the input side of n is not scaled by r
                        dGhStep.set(sRow + j, dReset);
                        dGhStep.set(sRow + hidden + j, dUpdate);
                        dGhStep.set(sRow + 2 * hidden + j, dHn);
                        dh.set(k, dhv * update);
                    }
                }
            }
        }
        // dGh's block t; for the rnn and the lstm dGh is dGi, whose input side equals the hidden side
        RecurrentBuffers.copy(dGhStep, 0, b.dGh, gateBlock, n * g);
    }

    /** dh += dGhStep W_hh: the path from step t's gates back to h_{t-1}. */
    static void addHiddenProduct(int n, int gateWidth, int hidden, Tensor weightHh, RecurrentBuffers b) {
        TensorOps.gemmNNAdd(n, hidden, gateWidth, b.dGhStep, weightHh, b.dh);
    }
}
