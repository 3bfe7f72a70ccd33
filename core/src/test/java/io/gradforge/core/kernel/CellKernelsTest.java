package io.gradforge.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recurrent cells' step kernels on the Vector API ({@link DoubleCells}, {@link FloatCells}) against the
 * plain-Java reference ({@link ScalarCells}): bit for bit, for every output array, at widths below, at and
 * between whole vectors (masked last vectors), with steps at nonzero offsets of time-major buffers; and the
 * reference itself against the cell equations written out here.
 */
class CellKernelsTest {
    private static final Kernels VECTOR = new VectorKernels();
    private static final Kernels SCALAR = new ScalarKernels();
    private static final int N = 3;
    private static final int STEP = 2; // the step's rows start STEP blocks into the time-major buffers

    /** Arrays of a step's buffers, filled with values in [-2, 2]; sized for STEP + 2 blocks. */
    private record Buffers(double[] gates, double[] gh, double[] bias, double[] state, double[] aux, double[] h,
                           double[] hPrev, double[] dh, double[] dc, double[] dGi, double[] dG) {
        static Buffers random(int hidden, int gates, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int w = gates * hidden, blocks = STEP + 2;
            return new Buffers(fill(r, blocks * N * w), fill(r, N * w), fill(r, w), fill(r, blocks * N * hidden),
                    fill(r, blocks * N * hidden), fill(r, blocks * N * hidden), fill(r, N * hidden), fill(r, N * hidden),
                    fill(r, N * hidden), fill(r, blocks * N * w), fill(r, N * w));
        }

        List<double[]> all() {
            return List.of(gates, gh, bias, state, aux, h, hPrev, dh, dc, dGi, dG);
        }

        Buffers copy() {
            return new Buffers(gates.clone(), gh.clone(), bias.clone(), state.clone(), aux.clone(), h.clone(),
                    hPrev.clone(), dh.clone(), dc.clone(), dGi.clone(), dG.clone());
        }

        float[][] toFloat() {
            return all().stream().map(CellKernelsTest::toFloat).toArray(float[][]::new);
        }
    }

    private static double[] fill(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble(-2, 2);
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    /** One cell kernel run on a set of buffers, float64 or float32 (the arrays in {@link Buffers#all()} order). */
    private interface Step {
        void f64(Kernels k, int hidden, Buffers b);
        void f32(Kernels k, int hidden, float[][] b);
    }

    private static final int AT = STEP * N; // rows before the step's block

    private static final List<Step> STEPS = List.of(
            new Step() { // rnn tanh forward
                public void f64(Kernels k, int h, Buffers b) { k.rnnForward(N, h, false, b.gates, AT * h, b.gh, b.bias, b.h, (AT + N) * h, b.hPrev); }
                public void f32(Kernels k, int h, float[][] b) { k.rnnForward(N, h, false, b[0], AT * h, b[1], b[2], b[5], (AT + N) * h, b[6]); }
            },
            new Step() { // rnn relu forward
                public void f64(Kernels k, int h, Buffers b) { k.rnnForward(N, h, true, b.gates, AT * h, b.gh, b.bias, b.h, (AT + N) * h, b.hPrev); }
                public void f32(Kernels k, int h, float[][] b) { k.rnnForward(N, h, true, b[0], AT * h, b[1], b[2], b[5], (AT + N) * h, b[6]); }
            },
            new Step() { // rnn tanh and relu backward
                public void f64(Kernels k, int h, Buffers b) {
                    k.rnnBackward(N * h, false, b.h, (AT + N) * h, b.dh, b.dG);
                    k.rnnBackward(N * h, true, b.h, AT * h, b.dc, b.dGi);
                }
                public void f32(Kernels k, int h, float[][] b) {
                    k.rnnBackward(N * h, false, b[5], (AT + N) * h, b[7], b[10]);
                    k.rnnBackward(N * h, true, b[5], AT * h, b[8], b[9]);
                }
            },
            new Step() { // lstm forward
                public void f64(Kernels k, int h, Buffers b) {
                    k.lstmForward(N, h, b.gates, AT * 4 * h, b.gh, b.bias, b.state, AT * h, (AT + N) * h, b.aux, AT * h, b.h, (AT + N) * h, b.hPrev);
                }
                public void f32(Kernels k, int h, float[][] b) {
                    k.lstmForward(N, h, b[0], AT * 4 * h, b[1], b[2], b[3], AT * h, (AT + N) * h, b[4], AT * h, b[5], (AT + N) * h, b[6]);
                }
            },
            new Step() { // lstm backward
                public void f64(Kernels k, int h, Buffers b) {
                    k.lstmBackward(N, h, b.gates, AT * 4 * h, b.state, AT * h, b.aux, AT * h, b.dh, b.dc, b.dG);
                }
                public void f32(Kernels k, int h, float[][] b) {
                    k.lstmBackward(N, h, b[0], AT * 4 * h, b[3], AT * h, b[4], AT * h, b[7], b[8], b[10]);
                }
            },
            new Step() { // gru forward
                public void f64(Kernels k, int h, Buffers b) {
                    k.gruForward(N, h, b.gates, AT * 3 * h, b.gh, b.bias, b.aux, AT * h, b.h, AT * h, (AT + N) * h, b.hPrev);
                }
                public void f32(Kernels k, int h, float[][] b) {
                    k.gruForward(N, h, b[0], AT * 3 * h, b[1], b[2], b[4], AT * h, b[5], AT * h, (AT + N) * h, b[6]);
                }
            },
            new Step() { // gru backward
                public void f64(Kernels k, int h, Buffers b) {
                    k.gruBackward(N, h, b.gates, AT * 3 * h, b.aux, AT * h, b.h, AT * h, b.dh, b.dGi, b.dG);
                }
                public void f32(Kernels k, int h, float[][] b) {
                    k.gruBackward(N, h, b[0], AT * 3 * h, b[4], AT * h, b[5], AT * h, b[7], b[9], b[10]);
                }
            });

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 16, 19, 33, 128})
    void vectorCellsEqualTheReferenceBitForBit(int hidden) {
        for (int s = 0; s < STEPS.size(); s++) {
            Step step = STEPS.get(s);
            Buffers start = Buffers.random(hidden, 4, hidden * 100L + s);
            Buffers scalar = start.copy(), vector = start.copy();
            step.f64(SCALAR, hidden, scalar);
            step.f64(VECTOR, hidden, vector);
            for (int a = 0; a < scalar.all().size(); a++) {
                assertArrayEquals(scalar.all().get(a), vector.all().get(a), 0, "float64 step " + s + " array " + a);
            }
            float[][] scalarF = start.toFloat(), vectorF = start.toFloat();
            step.f32(SCALAR, hidden, scalarF);
            step.f32(VECTOR, hidden, vectorF);
            for (int a = 0; a < scalarF.length; a++) {
                assertArrayEquals(scalarF[a], vectorF[a], 0, "float32 step " + s + " array " + a);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void referenceComputesTheLstmAndGruEquations(int hidden) {
        Buffers b = Buffers.random(hidden, 4, hidden);
        Buffers lstm = b.copy();
        STEPS.get(3).f64(SCALAR, hidden, lstm);
        Buffers gru = b.copy();
        STEPS.get(5).f64(SCALAR, hidden, gru);
        BiConsumer<Integer, Integer> check = (r, j) -> {
            int row = (AT + r) * 4 * hidden, k = r * hidden + j;
            double[] a = new double[4];
            for (int q = 0; q < 4; q++) a[q] = b.gates[row + q * hidden + j] + b.gh[r * 4 * hidden + q * hidden + j] + b.bias[q * hidden + j];
            double i = sigmoid(a[0]), f = sigmoid(a[1]), g = Math.tanh(a[2]), o = sigmoid(a[3]);
            double c = f * b.state[AT * hidden + k] + i * g;
            assertEquals(c, lstm.state[(AT + N) * hidden + k], 1e-14);
            assertEquals(o * Math.tanh(c), lstm.h[(AT + N) * hidden + k], 1e-14);
            assertEquals(o * Math.tanh(c), lstm.hPrev[k], 1e-14);

            int grow = (AT + r) * 3 * hidden, hrow = r * 3 * hidden;
            double rr = sigmoid(b.gates[grow + j] + b.gh[hrow + j] + b.bias[j]);
            double z = sigmoid(b.gates[grow + hidden + j] + b.gh[hrow + hidden + j] + b.bias[hidden + j]);
            double hn = b.gh[hrow + 2 * hidden + j] + b.bias[2 * hidden + j];
            double n = Math.tanh(b.gates[grow + 2 * hidden + j] + rr * hn);
            assertEquals((1 - z) * n + z * b.h[AT * hidden + k], gru.h[(AT + N) * hidden + k], 1e-14);
            assertEquals(hn, gru.aux[AT * hidden + k], 1e-15);
        };
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < hidden; j++) check.accept(r, j);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
