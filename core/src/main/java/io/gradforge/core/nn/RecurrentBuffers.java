package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;

/**
 * The forward and backward state of one {@link Recurrent} layer for one batch size, time-major: a [T*batch x w]
 * buffer holds step t in rows t*batch .. t*batch+batch-1. Buffers a cell does not use have no elements. The
 * per-step products run on the {@code [batch x w]} scratch buffers ({@link #hPrev}, {@link #gh},
 * {@link #dGhStep}), since the kernels read whole arrays from their start.
 */
final class RecurrentBuffers {
    private final CellKind cell;
    private final int steps;
    private final int features;
    private final int hidden;
    private final int gateWidth;
    private final Precision precision;
    int batch;

    /** x_t [T*batch x F]. */
    Tensor xs = empty();
    /** The input side W_ih x_t + b_ih, then, step by step, the gate activations [T*batch x G*H]. */
    Tensor gates = empty();
    /** h_0 .. h_T [(T+1)*batch x H], h_0 = 0. */
    Tensor hs = empty();
    /** LSTM: c_0 .. c_T [(T+1)*batch x H]. */
    Tensor cs = empty();
    /** LSTM: tanh(c_t) for t = 1 .. T [T*batch x H]. */
    Tensor tanhCs = empty();
    /** GRU: W_hn h_{t-1} + b_hn for t = 1 .. T [T*batch x H]. */
    Tensor hiddenN = empty();
    /** h_{t-1} of the running step [batch x H]. */
    Tensor hPrev = empty();
    /** The hidden product h_{t-1} W_hh^T of the running step [batch x G*H] (the step adds b_hh). */
    Tensor gh = empty();
    Tensor output = empty();

    /** dL/d(input-side pre-activations) [T*batch x G*H]. */
    Tensor dGi = empty();
    /** dL/d(hidden-side pre-activations) [T*batch x G*H]; the same buffer as dGi except for the GRU. */
    Tensor dGh = empty();
    /** The running step's block of dGh [batch x G*H]. */
    Tensor dGhStep = empty();
    /** dL/dh_t of the running step [batch x H]. */
    Tensor dh = empty();
    /** LSTM: dL/dc_t of the running step [batch x H]. */
    Tensor dc = empty();
    /** dL/dh_t for t = 1 .. T [T*batch x H]. */
    Tensor dhs = empty();
    Tensor dxs = empty();
    Tensor gradInput = empty();
    /** Truncated BPTT: a step's dGi, dGh (GRU) and dhs blocks from earlier windows, while a later one runs it. */
    private Tensor savedGi = empty();
    private Tensor savedGh = empty();
    private Tensor savedDh = empty();

    RecurrentBuffers(CellKind cell, int steps, int features, int hidden, Precision precision) {
        this.cell = cell;
        this.steps = steps;
        this.features = features;
        this.hidden = hidden;
        this.gateWidth = cell.gates() * hidden;
        this.precision = precision;
    }

    private Tensor empty() {
        return Tensor.zeros(Precision.FLOAT64, 0, 0);
    }

    void allocate(int n, int outputWidth) {
        batch = n;
        int rows = steps * n;
        boolean lstm = cell == CellKind.LSTM;
        boolean gru = cell == CellKind.GRU;
        xs = zeros(rows, features);
        gates = zeros(rows, gateWidth);
        hs = zeros(rows + n, hidden);
        cs = zeros(lstm ? rows + n : 0, hidden);
        tanhCs = zeros(lstm ? rows : 0, hidden);
        hiddenN = zeros(gru ? rows : 0, hidden);
        hPrev = zeros(n, hidden);
        gh = zeros(n, gateWidth);
        output = zeros(n, outputWidth);
        dGi = zeros(rows, gateWidth);
        dGh = gru ? zeros(rows, gateWidth) : dGi;
        dGhStep = zeros(n, gateWidth);
        dh = zeros(n, hidden);
        dc = zeros(lstm ? n : 0, hidden);
        dhs = zeros(rows, hidden);
        dxs = zeros(rows, features);
        gradInput = zeros(n, steps * features);
        savedGi = zeros(n, gateWidth);
        savedGh = zeros(gru ? n : 0, gateWidth);
        savedDh = zeros(n, hidden);
    }

    private Tensor zeros(int rows, int cols) {
        return Tensor.zeros(precision, rows, cols);
    }

    /** xs = the batch-major input [batch x T*F] rearranged time-major. */
    void toTimeMajor(Tensor input) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                copy(input, (b * steps + t) * features, xs, (t * batch + b) * features, features);
            }
        }
    }

    /** gradInput = dxs rearranged batch-major. */
    void fromTimeMajor() {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                copy(dxs, (t * batch + b) * features, gradInput, (b * steps + t) * features, features);
            }
        }
    }

    /** output = h_1 .. h_T batch-major [batch x T*H], or h_T [batch x H]. */
    void writeOutput(boolean sequences) {
        if (!sequences) {
            copy(hs, steps * batch * hidden, output, 0, batch * hidden);
            return;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                copy(hs, ((t + 1) * batch + b) * hidden, output, (b * steps + t) * hidden, hidden);
            }
        }
    }

    /** dh += the output gradient's part for step t (every step of a sequence output, the last of a last-step one). */
    void addOutputGrad(Tensor gradOutput, int t, boolean sequences) {
        if (sequences) {
            for (int b = 0; b < batch; b++) {
                int from = (b * steps + t) * hidden;
                int to = b * hidden;
                for (int j = 0; j < hidden; j++) dh.set(to + j, dh.get(to + j) + gradOutput.get(from + j));
            }
        } else if (t == steps - 1) {
            for (int i = 0; i < batch * hidden; i++) dh.set(i, dh.get(i) + gradOutput.get(i));
        }
    }

    /** Keeps step t's blocks of dGi, dGh and dhs, which the step's backward is about to overwrite. */
    void saveStepGrads(int t) {
        int g = batch * gateWidth;
        copy(dGi, t * g, savedGi, 0, g);
        if (dGh != dGi) copy(dGh, t * g, savedGh, 0, g);
        copy(dhs, t * batch * hidden, savedDh, 0, batch * hidden);
    }

    /** Adds the blocks kept by {@link #saveStepGrads} back to step t's. */
    void addSavedStepGrads(int t) {
        int g = batch * gateWidth;
        addInto(savedGi, dGi, t * g, g);
        if (dGh != dGi) addInto(savedGh, dGh, t * g, g);
        addInto(savedDh, dhs, t * batch * hidden, batch * hidden);
    }

    /** Zeroes the step gradients (dGi, dGh, dhs) of steps 0 .. {@code steps}-1. */
    void clearStepGrads(int steps) {
        int g = steps * batch * gateWidth;
        fillZero(dGi, g);
        if (dGh != dGi) fillZero(dGh, g);
        fillZero(dhs, steps * batch * hidden);
    }

    private static void addInto(Tensor src, Tensor dst, int dstFrom, int length) {
        for (int i = 0; i < length; i++) dst.set(dstFrom + i, dst.get(dstFrom + i) + src.get(i));
    }

    private static void fillZero(Tensor t, int length) {
        if (t.isFloat64()) Arrays.fill(t.f64(), 0, length, 0.0);
        else Arrays.fill(t.f32(), 0, length, 0f);
    }

    /** dst[dstFrom ..] = src[srcFrom ..], {@code length} elements of the same precision. */
    static void copy(Tensor src, int srcFrom, Tensor dst, int dstFrom, int length) {
        if (dst.isFloat64()) System.arraycopy(src.f64(), srcFrom, dst.f64(), dstFrom, length);
        else System.arraycopy(src.f32(), srcFrom, dst.f32(), dstFrom, length);
    }
}
