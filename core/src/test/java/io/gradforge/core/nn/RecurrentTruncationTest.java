package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Truncated BPTT is not the gradient of the loss, so it is checked against its definition ({@link Truncation}):
 * the sum over windows of the gradient of each window's injected output terms, the state before the window held
 * constant. The reference here is independent of the layer: its own forward of each cell (PyTorch's equations,
 * scalar loops) and central finite differences of each window's loss from the detached state.
 */
class RecurrentTruncationTest {
    private static final Precision P = Precision.FLOAT64;
    private static final int T = 7;
    private static final int F = 2;
    private static final int H = 3;
    private static final int BATCH = 2;

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void chunkedAndOverlappingTruncationMatchTheirDefinition(CellKind cell) {
        for (Truncation tr : List.of(Truncation.of(3), Truncation.of(2, 5), Truncation.of(1, 1), Truncation.of(4, 6))) {
            for (boolean sequences : new boolean[] {true, false}) {
                checkAgainstDefinition(cell, tr, sequences);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void truncationOfAllStepsIsFullBackpropagationThroughTime(CellKind cell) {
        for (boolean sequences : new boolean[] {true, false}) {
            Recurrent full = layer(cell, null, sequences, 11);
            Recurrent whole = layer(cell, Truncation.of(T), sequences, 11);
            Tensor x = gaussian(BATCH, T * F, Network.random(12));
            Tensor g = gaussian(BATCH, full.outputSize(), Network.random(13));
            full.allocate(BATCH);
            whole.allocate(BATCH);
            full.forward(x, true);
            whole.forward(x, true);
            Tensor dxFull = full.backward(g).copy();
            Tensor dxWhole = whole.backward(g);
            assertArrayEquals(dxFull.f64(), dxWhole.f64(), 0.0, cell + " input gradient");
            for (int p = 0; p < 4; p++) {
                assertArrayEquals(full.parameters().get(p).grad().f64(), whole.parameters().get(p).grad().f64(), 0.0,
                        cell + " " + full.parameters().get(p).name());
            }
            assertArrayEquals(full.hiddenStateGrads().f64(), whole.hiddenStateGrads().f64(), 0.0);
        }
    }

    /** A check that cannot fail proves nothing: truncation changes the gradient, and the definition sees it. */
    @Test
    void truncatedGradientDiffersFromTheFullOne() {
        Recurrent full = layer(CellKind.LSTM, null, true, 3);
        Recurrent cut = layer(CellKind.LSTM, Truncation.of(2), true, 3);
        Tensor x = gaussian(BATCH, T * F, Network.random(4));
        Tensor g = gaussian(BATCH, T * H, Network.random(5));
        full.allocate(BATCH);
        cut.allocate(BATCH);
        full.forward(x, true);
        cut.forward(x, true);
        full.backward(g);
        cut.backward(g);
        double[] a = full.parameters().get(1).grad().f64(), b = cut.parameters().get(1).grad().f64();
        double diff = 0;
        for (int i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        assertTrue(diff > 1e-3, "weight_hh gradient moved by " + diff);
        // a last-step layer truncated at k2 leaves the steps before T-k2+1 without gradient
        Recurrent last = layer(CellKind.GRU, Truncation.of(1, 3), false, 3);
        last.allocate(BATCH);
        last.forward(x, true);
        last.backward(gaussian(BATCH, H, Network.random(6)));
        Tensor dhs = last.hiddenStateGrads();
        for (int t = 0; t < T; t++) {
            double norm = 0;
            for (int i = 0; i < BATCH * H; i++) norm += Math.abs(dhs.get(t * BATCH * H + i));
            assertEquals(t < T - 3, norm == 0, "step " + (t + 1) + " gradient " + norm);
        }
    }

    @Test
    void rejectsTruncationsOutsideTheirRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Truncation.of(0));
        assertEquals("truncation k1 must be at least 1 but was 0.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Truncation.of(5, 3));
        assertEquals("truncation k2 must be at least k1 (5) but was 3.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> layer(CellKind.GRU, Truncation.of(2, 8), true, 1));
        assertEquals("truncation k2 must be at most the layer's 7 steps but was 8.", e.getMessage());
    }

    private static Recurrent layer(CellKind cell, Truncation truncation, boolean sequences, long seed) {
        RandomGenerator r = Network.random(seed);
        Recurrent layer = Recurrent.of(cell, T * F, F, H, sequences, Initializer.xavierUniform(),
                Initializer.normal(0.6), 0.5, truncation, P, r);
        // nonzero biases, so every term of the equations matters
        for (Tensor b : List.of(layer.biasIh(), layer.biasHh())) {
            for (int i = 0; i < b.size(); i++) b.set(i, b.get(i) + 0.3 * r.nextGaussian());
        }
        return layer;
    }

    private static void checkAgainstDefinition(CellKind cell, Truncation tr, boolean sequences) {
        String what = cell + " " + tr + (sequences ? " sequence" : " last");
        Recurrent layer = layer(cell, tr, sequences, 21);
        RandomGenerator r = Network.random(22);
        Tensor x = gaussian(BATCH, T * F, r);
        Tensor g = gaussian(BATCH, layer.outputSize(), r);
        layer.allocate(BATCH);
        Tensor out = layer.forward(x, true);
        Tensor dx = layer.backward(g);

        Reference ref = new Reference(cell, layer);
        double[][] xs = rows(x);
        for (int b = 0; b < BATCH; b++) ref.frozen(xs, b); // the detached states, before any perturbation
        // the reference's forward is the layer's
        double[][][] h = new double[BATCH][][];
        for (int b = 0; b < BATCH; b++) {
            h[b] = ref.run(xs[b], 0, T - 1, new double[H], new double[H])[0];
            for (int j = 0; j < H; j++) {
                int at = sequences ? (T - 1) * H + j : j;
                assertEquals(h[b][T - 1][j], out.get(b, at), 1e-13, what + " forward");
            }
        }
        // the definition: central differences of each window's loss, the state before the window fixed
        List<double[]> params = List.of(ref.wIh, ref.wHh, ref.bIh, ref.bHh);
        double scale = 0;
        for (int p = 0; p < params.size(); p++) {
            double[] theta = params.get(p);
            double[] expected = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                int k = i;
                expected[i] = centralDifference(v -> theta[k] = v, theta[k], () -> truncatedLoss(ref, tr, xs, g,
                        sequences));
            }
            scale = Math.max(scale, assertClose(expected, layer.parameters().get(p).grad().f64(),
                    what + " " + layer.parameters().get(p).name()));
        }
        double[] expectedDx = new double[BATCH * T * F];
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < T * F; i++) {
                double[] row = xs[b];
                int k = i;
                expectedDx[b * T * F + i] = centralDifference(v -> row[k] = v, row[k],
                        () -> truncatedLoss(ref, tr, xs, g, sequences));
            }
        }
        scale = Math.max(scale, assertClose(expectedDx, dx.f64(), what + " input gradient"));
        assertTrue(scale > 1e-2, what + ": a check on zeros proves nothing (largest gradient " + scale + ")");
    }

    /**
     * The sum over windows (ends T, T-k1, ...) of the window's loss sum_t g_t . h_t over its own k1 steps, its
     * steps from e-k2+1 run from the state before them as the unperturbed forward left it
     * ({@link Reference#frozen}): a constant, as truncation treats it.
     */
    private static double truncatedLoss(Reference ref, Truncation tr, double[][] xs, Tensor g, boolean sequences) {
        double loss = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int end = T - 1; end >= 0; end -= tr.k1()) {
                int start = Math.max(0, end - tr.k2() + 1);
                int injectFrom = Math.max(0, end - tr.k1() + 1);
                double[][][] frozen = ref.frozen(xs, b);
                double[][] hs = ref.run(xs[b], start, end, frozen[0][start], frozen[1][start])[0];
                for (int t = injectFrom; t <= end; t++) {
                    if (!sequences && t != T - 1) continue;
                    for (int j = 0; j < H; j++) {
                        loss += g.get(b, sequences ? t * H + j : j) * hs[t][j];
                    }
                }
            }
        }
        return loss;
    }

    private static double centralDifference(DoubleConsumer set, double at, DoubleSupplier loss) {
        double eps = 1e-6;
        set.accept(at + eps);
        double up = loss.getAsDouble();
        set.accept(at - eps);
        double down = loss.getAsDouble();
        set.accept(at);
        return (up - down) / (2 * eps);
    }

    /** Asserts agreement to 1e-7 of the largest expected value (at least 1), and returns that value. */
    private static double assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-7 * Math.max(1, scale), what + " [" + i + "]");
        }
        return scale;
    }

    private static double[][] rows(Tensor x) {
        double[][] rows = new double[x.rows()][x.cols()];
        for (int b = 0; b < x.rows(); b++) for (int c = 0; c < x.cols(); c++) rows[b][c] = x.get(b, c);
        return rows;
    }

    private static Tensor gaussian(int rows, int cols, RandomGenerator r) {
        Tensor t = Tensor.zeros(P, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, r.nextGaussian());
        return t;
    }

    /**
     * The cells written out from PyTorch's equations on plain arrays (copies of the layer's parameters, which
     * the finite differences perturb). The detached states are those of the unperturbed forward.
     */
    private static final class Reference {
        final CellKind cell;
        final int gates;
        final double[] wIh, wHh, bIh, bHh;
        private final List<double[][][]> frozen = new ArrayList<>();

        Reference(CellKind cell, Recurrent layer) {
            this.cell = cell;
            this.gates = cell.gates();
            wIh = layer.weightIh().f64().clone();
            wHh = layer.weightHh().f64().clone();
            bIh = layer.biasIh().f64().clone();
            bHh = layer.biasHh().f64().clone();
        }

        /** h and c before each step (index t: the state entering step t) of row b's unperturbed forward. */
        double[][][] frozen(double[][] xs, int b) {
            while (frozen.size() <= b) {
                int row = frozen.size();
                double[][][] states = run(xs[row], 0, T - 1, new double[H], new double[H]);
                double[][] hIn = new double[T][], cIn = new double[T][];
                hIn[0] = new double[H];
                cIn[0] = new double[H];
                for (int t = 1; t < T; t++) {
                    hIn[t] = states[0][t - 1].clone();
                    cIn[t] = states[1][t - 1].clone();
                }
                frozen.add(new double[][][] {hIn, cIn});
            }
            return frozen.get(b);
        }

        /** Steps from .. to of one sequence from state (h, c): {h_t, c_t} indexed by step (null outside). */
        double[][][] run(double[] x, int from, int to, double[] h0, double[] c0) {
            double[][] hs = new double[T][], cs = new double[T][];
            double[] h = h0.clone(), c = c0.clone();
            for (int t = from; t <= to; t++) {
                double[] gi = new double[gates * H], gh = new double[gates * H];
                for (int r = 0; r < gates * H; r++) {
                    gi[r] = bIh[r];
                    for (int f = 0; f < F; f++) gi[r] += wIh[r * F + f] * x[t * F + f];
                    gh[r] = bHh[r];
                    for (int k = 0; k < H; k++) gh[r] += wHh[r * H + k] * h[k];
                }
                double[] hn = new double[H], cn = new double[H];
                for (int j = 0; j < H; j++) {
                    switch (cell) {
                        case RNN_TANH -> hn[j] = Math.tanh(gi[j] + gh[j]);
                        case RNN_RELU -> hn[j] = Math.max(0, gi[j] + gh[j]);
                        case LSTM -> {
                            double i = sigmoid(gi[j] + gh[j]);
                            double f = sigmoid(gi[H + j] + gh[H + j]);
                            double gg = Math.tanh(gi[2 * H + j] + gh[2 * H + j]);
                            double o = sigmoid(gi[3 * H + j] + gh[3 * H + j]);
                            cn[j] = f * c[j] + i * gg;
                            hn[j] = o * Math.tanh(cn[j]);
                        }
                        case GRU -> {
                            double rr = sigmoid(gi[j] + gh[j]);
                            double z = sigmoid(gi[H + j] + gh[H + j]);
                            double n = Math.tanh(gi[2 * H + j] + rr * gh[2 * H + j]);
                            hn[j] = (1 - z) * n + z * h[j];
                        }
                    }
                }
                h = hn;
                c = cn;
                hs[t] = h;
                cs[t] = c;
            }
            return new double[][][] {hs, cs};
        }

        private static double sigmoid(double a) {
            return 1 / (1 + Math.exp(-a));
        }
    }
}
