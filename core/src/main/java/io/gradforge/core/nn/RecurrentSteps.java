package io.gradforge.core.nn;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.tensor.Tensor;

/**
 * The pointwise part of one time step of each cell, forward and backward, on a layer's {@link RecurrentBuffers}.
 * The products (input side for all steps, hidden side per step) are done by {@link Recurrent}; here the gates
 * are formed from them, the state is advanced, and backward turns dL/dh_t (and dL/dc_t) into the gradients of
 * the gates' pre-activations. Gate order within a row of G*H values: LSTM i, f, g, o; GRU r, z, n (PyTorch's).
 * The arithmetic is {@link Kernels}' cell kernels (Vector API, or plain Java without it) in the layer's
 * precision, one fused pass over a step's rows; tanh and the sigmoid are the deterministic ones, so every
 * machine and JIT tier computes the same bits.
 */
final class RecurrentSteps {
    private static final Kernels K = TensorOps.K;

    private RecurrentSteps() {}

    /**
     * Step t forward: reads gates' block t (input side), gh (the hidden product, without its bias) and the hidden
     * side's bias, writes the gate activations over block t, h_t (and c_t) and hPrev = h_t.
     */
    static void forward(CellKind cell, int t, int n, int hidden, Tensor biasHh, RecurrentBuffers b) {
        int gateBlock = t * n * cell.gates() * hidden;
        int prev = t * n * hidden;
        int next = prev + n * hidden;
        boolean f64 = b.gates.isFloat64();
        switch (cell) {
            case RNN_TANH, RNN_RELU -> {
                boolean relu = cell == CellKind.RNN_RELU;
                if (f64) K.rnnForward(n, hidden, relu, b.gates.f64(), gateBlock, b.gh.f64(), biasHh.f64(), b.hs.f64(), next, b.hPrev.f64());
                else K.rnnForward(n, hidden, relu, b.gates.f32(), gateBlock, b.gh.f32(), biasHh.f32(), b.hs.f32(), next, b.hPrev.f32());
            }
            case LSTM -> {
                if (f64) {
                    K.lstmForward(n, hidden, b.gates.f64(), gateBlock, b.gh.f64(), biasHh.f64(), b.cs.f64(), prev, next,
                            b.tanhCs.f64(), prev, b.hs.f64(), next, b.hPrev.f64());
                } else {
                    K.lstmForward(n, hidden, b.gates.f32(), gateBlock, b.gh.f32(), biasHh.f32(), b.cs.f32(), prev, next,
                            b.tanhCs.f32(), prev, b.hs.f32(), next, b.hPrev.f32());
                }
            }
            case GRU -> {
                if (f64) {
                    K.gruForward(n, hidden, b.gates.f64(), gateBlock, b.gh.f64(), biasHh.f64(), b.hiddenN.f64(), prev,
                            b.hs.f64(), prev, next, b.hPrev.f64());
                } else {
                    K.gruForward(n, hidden, b.gates.f32(), gateBlock, b.gh.f32(), biasHh.f32(), b.hiddenN.f32(), prev,
                            b.hs.f32(), prev, next, b.hPrev.f32());
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
        boolean f64 = b.gates.isFloat64();
        RecurrentBuffers.copy(b.dh, 0, b.dhs, prev, n * hidden);
        switch (cell) {
            case RNN_TANH, RNN_RELU -> {
                boolean relu = cell == CellKind.RNN_RELU;
                if (f64) K.rnnBackward(n * hidden, relu, b.hs.f64(), next, b.dh.f64(), b.dGhStep.f64());
                else K.rnnBackward(n * hidden, relu, b.hs.f32(), next, b.dh.f32(), b.dGhStep.f32());
            }
            case LSTM -> {
                if (f64) {
                    K.lstmBackward(n, hidden, b.gates.f64(), gateBlock, b.cs.f64(), prev, b.tanhCs.f64(), prev,
                            b.dh.f64(), b.dc.f64(), b.dGhStep.f64());
                } else {
                    K.lstmBackward(n, hidden, b.gates.f32(), gateBlock, b.cs.f32(), prev, b.tanhCs.f32(), prev,
                            b.dh.f32(), b.dc.f32(), b.dGhStep.f32());
                }
            }
            case GRU -> {
                if (f64) {
                    K.gruBackward(n, hidden, b.gates.f64(), gateBlock, b.hiddenN.f64(), prev, b.hs.f64(), prev,
                            b.dh.f64(), b.dGi.f64(), b.dGhStep.f64());
                } else {
                    K.gruBackward(n, hidden, b.gates.f32(), gateBlock, b.hiddenN.f32(), prev, b.hs.f32(), prev,
                            b.dh.f32(), b.dGi.f32(), b.dGhStep.f32());
                }
            }
        }
        // dGh's block t; for the rnn and the lstm dGh is dGi, whose input side equals the hidden side
        RecurrentBuffers.copy(b.dGhStep, 0, b.dGh, gateBlock, n * g);
    }

    /** dh += dGhStep W_hh: the path from step t's gates back to h_{t-1}. */
    static void addHiddenProduct(int n, int gateWidth, int hidden, Tensor weightHh, RecurrentBuffers b) {
        TensorOps.gemmNNAdd(n, hidden, gateWidth, b.dGhStep, weightHh, b.dh);
    }
}
