package io.gradforge.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link VectorKernels} (and {@link ScalarKernels}) against simple references: gemm against a naive
 * triple loop in float64, everything else against {@link ScalarKernels}.
 *
 * <p>Tolerances: gemm float64 {@code 1e-14 * (k + 1)} absolute, float32 {@code 1e-6 * (k + 1)} (operands in
 * [-1, 1], so |C| is at most k + 1); tanh and sigmoid 1e-14 absolute in float64, 1e-6 in float32; sumSquares
 * 1e-12 relative (only the summation order differs); all other element-wise kernels bit for bit. Elements beyond
 * the shape must be left untouched (checked with a NaN-free sentinel).
 */
class VectorKernelsTest {
    private static final double SENTINEL = 12345.678;
    private static final int PAD = 37;
    private static final VectorKernels VECTOR = new VectorKernels();
    private static final ScalarKernels SCALAR = new ScalarKernels();

    enum Op { NN, NT, TN }

    static Stream<int[]> shapes() {
        return Stream.of(new int[] {0, 5, 7}, new int[] {5, 0, 7}, new int[] {5, 7, 0}, new int[] {0, 0, 0},
                new int[] {1, 1, 1}, new int[] {3, 7, 5}, new int[] {17, 33, 9}, new int[] {129, 65, 31},
                new int[] {64, 64, 64}, new int[] {256, 128, 256}, new int[] {4, 16, 300}, new int[] {6, 47, 130},
                new int[] {32, 32, 32}, new int[] {2, 100, 1}, new int[] {9, 8, 3}, new int[] {64, 15, 257},
                new int[] {270, 290, 140}, new int[] {7, 600, 3});
    }

    static Stream<Arguments> gemmCases() {
        List<Arguments> cases = new ArrayList<>();
        shapes().forEach(s -> {
            for (Op op : Op.values()) {
                for (boolean acc : new boolean[] {false, true}) {
                    cases.add(Arguments.of("vector", op, s[0], s[1], s[2], acc));
                    cases.add(Arguments.of("scalar", op, s[0], s[1], s[2], acc));
                }
            }
        });
        return cases.stream();
    }

    private static Kernels impl(String name) {
        return name.equals("vector") ? VECTOR : SCALAR;
    }

    private static double[] randomD(SplittableRandom r, int len, int pad) {
        double[] x = new double[len + pad];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble(-1, 1);
        Arrays.fill(x, len, len + pad, SENTINEL);
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    /** C (+)= op(A) * op(B) by definition, in float64. */
    private static double[] naive(Op op, int m, int n, int k, double[] a, double[] b, double[] c0, boolean acc) {
        double[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double aip = op == Op.TN ? a[p * m + i] : a[i * k + p];
                    double bpj = op == Op.NT ? b[j * k + p] : b[p * n + j];
                    s += aip * bpj;
                }
                c[i * n + j] = acc ? c[i * n + j] + s : s;
            }
        }
        return c;
    }

    private static void gemm(Kernels kr, Op op, int m, int n, int k, double[] a, double[] b, double[] c, boolean acc) {
        switch (op) {
            case NN -> kr.gemmNN(m, n, k, a, b, c, acc);
            case NT -> kr.gemmNT(m, n, k, a, b, c, acc);
            case TN -> kr.gemmTN(m, n, k, a, b, c, acc);
        }
    }

    private static void gemm(Kernels kr, Op op, int m, int n, int k, float[] a, float[] b, float[] c, boolean acc) {
        switch (op) {
            case NN -> kr.gemmNN(m, n, k, a, b, c, acc);
            case NT -> kr.gemmNT(m, n, k, a, b, c, acc);
            case TN -> kr.gemmTN(m, n, k, a, b, c, acc);
        }
    }

    private static void assertClose(double[] expected, double[] actual, int len, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < len; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i] + " (tol " + tol + ")");
            }
        }
        for (int i = len; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0.0, what + ": element " + i + " beyond the shape was modified");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}x{4} acc={5}")
    @MethodSource("gemmCases")
    void gemmFloat64MatchesNaive(String implName, Op op, int m, int n, int k, boolean acc) {
        SplittableRandom r = new SplittableRandom(31L * m + 17L * n + k + op.ordinal());
        double[] a = randomD(r, m * k, PAD), b = randomD(r, k * n, PAD), c = randomD(r, m * n, PAD);
        double[] a0 = a.clone(), b0 = b.clone();
        double[] expected = naive(op, m, n, k, a, b, c, acc);
        gemm(impl(implName), op, m, n, k, a, b, c, acc);
        assertClose(expected, c, m * n, 1e-14 * (k + 1), "f64 " + op);
        assertTrue(Arrays.equals(a0, a) && Arrays.equals(b0, b), "inputs modified");
        // Again, with C exactly m*n long (masked tail access at the array's end), reusing the per-thread scratch,
        // which must not leak state between calls.
        double[] c2 = randomD(new SplittableRandom(1), m * n, 0);
        double[] expected2 = naive(op, m, n, k, a, b, c2, acc);
        gemm(impl(implName), op, m, n, k, a, b, c2, acc);
        assertClose(expected2, c2, m * n, 1e-14 * (k + 1), "f64 " + op + " (second call)");
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}x{4} acc={5}")
    @MethodSource("gemmCases")
    void gemmFloat32MatchesNaive(String implName, Op op, int m, int n, int k, boolean acc) {
        SplittableRandom r = new SplittableRandom(7L * m + 13L * n + k + op.ordinal());
        float[] a = toFloat(randomD(r, m * k, PAD)), b = toFloat(randomD(r, k * n, PAD));
        float[] c = toFloat(randomD(r, m * n, m % 2 == 0 ? 0 : PAD)); // some exactly m*n long
        double[] expected = naive(op, m, n, k, toDouble(a), toDouble(b), toDouble(c), acc);
        gemm(impl(implName), op, m, n, k, a, b, c, acc);
        assertClose(expected, toDouble(c), m * n, 1e-6 * (k + 1), "f32 " + op);
    }

    /**
     * A small row-major B whose rows are whole vectors is read in place (gemmNN; gemmTN reads its B the same way),
     * a transposed one is packed (gemmNT): the same panels, the same fma chains, so the same bits. Shapes around
     * the in-place limit (k x n = 64 x 64) and the vector lengths (8 doubles, 16 floats with AVX-512).
     */
    @ParameterizedTest(name = "{0}x{1}x{2} acc={3}")
    @MethodSource("inPlaceShapes")
    void bReadInPlaceGivesTheBitsOfBPacked(int m, int n, int k, boolean acc) {
        SplittableRandom r = new SplittableRandom(101L * m + 7L * n + k);
        double[] a = randomD(r, m * k, 0), b = randomD(r, k * n, 0), c = randomD(r, m * n, 0);
        double[] bt = new double[k * n];
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        double[] inPlace = c.clone(), packed = c.clone();
        VECTOR.gemmNN(m, n, k, a, b, inPlace, acc);
        VECTOR.gemmNT(m, n, k, a, bt, packed, acc);
        assertArrayEquals(packed, inPlace, "float64");
        float[] af = toFloat(a), bf = toFloat(b), btf = toFloat(bt);
        float[] inPlaceF = toFloat(c), packedF = toFloat(c);
        VECTOR.gemmNN(m, n, k, af, bf, inPlaceF, acc);
        VECTOR.gemmNT(m, n, k, af, btf, packedF, acc);
        assertArrayEquals(packedF, inPlaceF, "float32");
    }

    static Stream<Arguments> inPlaceShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : new int[][] {{64, 32, 32}, {64, 64, 64}, {64, 16, 2}, {13, 48, 17}, {7, 8, 300},
                {64, 64, 65}, {64, 128, 32}, {64, 24, 64}, {1, 32, 5}, {64, 96, 42}}) {
            for (boolean acc : new boolean[] {false, true}) cases.add(Arguments.of(s[0], s[1], s[2], acc));
        }
        return cases.stream();
    }

    @Test
    void gemmIsSafeFromSeveralThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int size = 40 + 23 * t;
                futures.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(size);
                    double[] a = randomD(r, size * size, 0), b = randomD(r, size * size, 0);
                    for (int rep = 0; rep < 5; rep++) {
                        double[] c = new double[size * size];
                        VECTOR.gemmNT(size, size, size, a, b, c, false);
                        assertClose(naive(Op.NT, size, size, size, a, b, c, false), c, size * size, 1e-14 * (size + 1), "NT");
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- element-wise kernels against ScalarKernels ----

    static Stream<Integer> lengths() {
        return Stream.of(0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 1000);
    }

    private interface D1 { void run(Kernels k, double[] out); }
    private interface F1 { void run(Kernels k, float[] out); }

    /** Runs {@code op} on both implementations with a sentinel-padded output; compares to {@code tol}. */
    private static void compareD(int n, double tol, String what, double[] outInit, D1 op) {
        double[] expected = outInit.clone(), actual = outInit.clone();
        op.run(SCALAR, expected);
        op.run(VECTOR, actual);
        assertClose(expected, actual, n, tol, what + " n=" + n);
    }

    private static void compareF(int n, double tol, String what, float[] outInit, F1 op) {
        float[] expected = outInit.clone(), actual = outInit.clone();
        op.run(SCALAR, expected);
        op.run(VECTOR, actual);
        assertClose(toDouble(expected), toDouble(actual), n, tol, what + " n=" + n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwiseFloat64(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] x = randomD(r, n, PAD), g = randomD(r, n, PAD), o = randomD(r, n, PAD);
        for (int i = 0; i < n; i++) x[i] *= 6; // cover the curved and the saturated parts of tanh and sigmoid
        compareD(n, 0, "axpy", o, (k, out) -> k.axpy(n, 0.37, x, out));
        compareD(n, 0, "scale", o, (k, out) -> k.scale(n, -1.7, out));
        compareD(n, 0, "mul", o, (k, out) -> k.mul(n, x, g, out));
        compareD(n, 0, "mul aliased", o, (k, out) -> k.mul(n, out, g, out));
        compareD(n, 1e-14, "tanh", o, (k, out) -> k.tanh(n, x, out));
        compareD(n, 1e-14, "sigmoid", o, (k, out) -> k.sigmoid(n, x, out));
        compareD(n, 0, "tanhBackward", o, (k, out) -> k.tanhBackward(n, g, x, out));
        compareD(n, 0, "tanhBackward aliased", o, (k, out) -> k.tanhBackward(n, g, out, out));
        compareD(n, 0, "sigmoidBackward", o, (k, out) -> k.sigmoidBackward(n, g, x, out));
        compareD(n, 0, "sigmoidBackward aliased", o, (k, out) -> k.sigmoidBackward(n, g, out, out));
        for (double alpha : new double[] {0, 0.01}) {
            compareD(n, 0, "leakyRelu " + alpha, o, (k, out) -> k.leakyRelu(n, alpha, x, out));
            compareD(n, 0, "leakyReluBackward " + alpha, o, (k, out) -> k.leakyReluBackward(n, alpha, x, g, out));
            compareD(n, 0, "leakyReluBackward aliased " + alpha, o, (k, out) -> k.leakyReluBackward(n, alpha, x, out, out));
        }
        double s = SCALAR.sumSquares(n, x);
        assertEquals(s, VECTOR.sumSquares(n, x), 1e-12 * s, "sumSquares");
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwiseFloat32(int n) {
        SplittableRandom r = new SplittableRandom(n + 1000);
        float[] x = toFloat(randomD(r, n, PAD)), g = toFloat(randomD(r, n, PAD)), o = toFloat(randomD(r, n, PAD));
        for (int i = 0; i < n; i++) x[i] *= 6;
        compareF(n, 0, "axpy", o, (k, out) -> k.axpy(n, 0.37f, x, out));
        compareF(n, 0, "scale", o, (k, out) -> k.scale(n, -1.7f, out));
        compareF(n, 0, "mul", o, (k, out) -> k.mul(n, x, g, out));
        compareF(n, 0, "mul aliased", o, (k, out) -> k.mul(n, out, g, out));
        compareF(n, 1e-6, "tanh", o, (k, out) -> k.tanh(n, x, out));
        compareF(n, 1e-6, "sigmoid", o, (k, out) -> k.sigmoid(n, x, out));
        compareF(n, 0, "tanhBackward", o, (k, out) -> k.tanhBackward(n, g, x, out));
        compareF(n, 0, "tanhBackward aliased", o, (k, out) -> k.tanhBackward(n, g, out, out));
        compareF(n, 0, "sigmoidBackward", o, (k, out) -> k.sigmoidBackward(n, g, x, out));
        compareF(n, 0, "sigmoidBackward aliased", o, (k, out) -> k.sigmoidBackward(n, g, out, out));
        for (float alpha : new float[] {0, 0.01f}) {
            compareF(n, 0, "leakyRelu " + alpha, o, (k, out) -> k.leakyRelu(n, alpha, x, out));
            compareF(n, 0, "leakyReluBackward " + alpha, o, (k, out) -> k.leakyReluBackward(n, alpha, x, g, out));
            compareF(n, 0, "leakyReluBackward aliased " + alpha, o, (k, out) -> k.leakyReluBackward(n, alpha, x, out, out));
        }
        double s = SCALAR.sumSquares(n, x);
        assertEquals(s, VECTOR.sumSquares(n, x), 1e-12 * s, "sumSquares");
    }

    /** The fused dense-layer passes equal the unfused kernels they replace, bit for bit, on the vector kernels. */
    @Test
    void fusedDensePassesMatchUnfused() {
        int[][] shapes = {{0, 5}, {5, 0}, {1, 1}, {3, 7}, {17, 33}, {64, 64}, {129, 65}, {2, 16}, {300, 517}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1], n = rows * cols;
            String shape = " " + rows + "x" + cols;
            SplittableRandom r = new SplittableRandom(rows * 31L + cols);
            double[] h = randomD(r, n, PAD), bias = randomD(r, cols, PAD), gy = randomD(r, n, PAD);
            for (int i = 0; i < n; i++) h[i] *= 3;
            for (double alpha : new double[] {0, 0.01}) {
                double[] h1 = h.clone(), y1 = new double[n + PAD], h2 = h.clone(), y2 = new double[n + PAD];
                VECTOR.addRowVector(rows, cols, h1, bias);
                VECTOR.leakyRelu(n, alpha, h1, y1);
                VECTOR.addRowVectorLeakyRelu(rows, cols, alpha, h2, bias, y2);
                assertClose(h1, h2, h1.length, 0, "addRowVectorLeakyRelu h" + shape);
                assertClose(y1, y2, y1.length, 0, "addRowVectorLeakyRelu y" + shape);
                double[] g1 = new double[n + PAD], b1 = new double[cols + PAD], g2 = new double[n + PAD], b2 = new double[cols + PAD];
                VECTOR.leakyReluBackward(n, alpha, h, gy, g1);
                VECTOR.sumRows(rows, cols, g1, b1, false);
                VECTOR.leakyReluBackwardSumRows(rows, cols, alpha, h, gy, g2, b2);
                assertClose(g1, g2, g1.length, 0, "leakyReluBackwardSumRows gx" + shape);
                assertClose(b1, b2, b1.length, 0, "leakyReluBackwardSumRows out" + shape);
                float[] hf = toFloat(h), biasf = toFloat(bias), gyf = toFloat(gy);
                float[] hf1 = hf.clone(), yf1 = new float[n + PAD], hf2 = hf.clone(), yf2 = new float[n + PAD];
                VECTOR.addRowVector(rows, cols, hf1, biasf);
                VECTOR.leakyRelu(n, (float) alpha, hf1, yf1);
                VECTOR.addRowVectorLeakyRelu(rows, cols, (float) alpha, hf2, biasf, yf2);
                assertClose(toDouble(yf1), toDouble(yf2), yf1.length, 0, "addRowVectorLeakyRelu f32" + shape);
                float[] gf1 = new float[n + PAD], bf1 = new float[cols + PAD], gf2 = new float[n + PAD], bf2 = new float[cols + PAD];
                VECTOR.leakyReluBackward(n, (float) alpha, hf, gyf, gf1);
                VECTOR.sumRows(rows, cols, gf1, bf1, false);
                VECTOR.leakyReluBackwardSumRows(rows, cols, (float) alpha, hf, gyf, gf2, bf2);
                assertClose(toDouble(gf1), toDouble(gf2), gf1.length, 0, "leakyReluBackwardSumRows f32 gx" + shape);
                assertClose(toDouble(bf1), toDouble(bf2), bf1.length, 0, "leakyReluBackwardSumRows f32 out" + shape);
            }
            double[] h1 = h.clone(), y1 = new double[n + PAD], h2 = h.clone(), y2 = new double[n + PAD];
            VECTOR.addRowVector(rows, cols, h1, bias);
            VECTOR.tanh(n, h1, y1);
            VECTOR.addRowVectorTanh(rows, cols, h2, bias, y2);
            // TANH is not bit-reproducible across JIT tiers (SVML once C2 compiles, a Java fallback before), so the
            // fused and unfused tanh agree to the vector kernels' documented tanh accuracy, not bit for bit.
            assertClose(h1, h2, h1.length, 0, "addRowVectorTanh h" + shape);
            assertClose(y1, y2, y1.length, 1e-14, "addRowVectorTanh" + shape);
            double[] ys = new double[n + PAD], hs = h.clone();
            SCALAR.addRowVectorTanh(rows, cols, hs, bias, ys);
            assertClose(ys, y2, ys.length, 1e-14, "addRowVectorTanh vs scalar" + shape);
            double[] g1 = new double[n + PAD], b1 = new double[cols + PAD], g2 = new double[n + PAD], b2 = new double[cols + PAD];
            VECTOR.tanhBackward(n, y1, gy, g1);
            VECTOR.sumRows(rows, cols, g1, b1, false);
            VECTOR.tanhBackwardSumRows(rows, cols, y1, gy, g2, b2);
            assertClose(g1, g2, g1.length, 0, "tanhBackwardSumRows gx" + shape);
            assertClose(b1, b2, b1.length, 0, "tanhBackwardSumRows out" + shape);
            float[] yf = toFloat(y1), gyf = toFloat(gy);
            float[] gf1 = new float[n + PAD], bf1 = new float[cols + PAD], gf2 = new float[n + PAD], bf2 = new float[cols + PAD];
            VECTOR.tanhBackward(n, yf, gyf, gf1);
            VECTOR.sumRows(rows, cols, gf1, bf1, false);
            VECTOR.tanhBackwardSumRows(rows, cols, yf, gyf, gf2, bf2);
            assertClose(toDouble(bf1), toDouble(bf2), bf1.length, 0, "tanhBackwardSumRows f32 out" + shape);
            float[] hf1 = toFloat(h), yf1 = new float[n + PAD], hf2 = toFloat(h), yf2 = new float[n + PAD];
            float[] biasf = toFloat(bias);
            VECTOR.addRowVector(rows, cols, hf1, biasf);
            VECTOR.tanh(n, hf1, yf1);
            VECTOR.addRowVectorTanh(rows, cols, hf2, biasf, yf2);
            assertClose(toDouble(yf1), toDouble(yf2), yf1.length, 1e-6, "addRowVectorTanh f32" + shape);
        }
    }

    /**
     * The vector kernels' fused elu, selu and swish passes (bias add + activation; backward + column sums) equal the
     * scalar kernels' unfused composition bit for bit, in both precisions, whatever the row's remainder.
     */
    @Test
    void fusedEluAndSwishPassesEqualTheScalarComposition() {
        int[][] shapes = {{0, 5}, {5, 0}, {1, 1}, {3, 7}, {17, 33}, {64, 64}, {129, 65}, {2, 16}, {9, 31}, {300, 517}};
        double[][] elus = {{1, 1}, {0.5, 1}, {1.6732632423543772, 1.0507009873554805}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1], n = rows * cols;
            SplittableRandom r = new SplittableRandom(rows * 17L + cols);
            double[] h = randomD(r, n, PAD), bias = randomD(r, cols, PAD), gy = randomD(r, n, PAD);
            for (int i = 0; i < n; i++) h[i] *= 4;
            float[] hf = toFloat(h), biasf = toFloat(bias), gyf = toFloat(gy);
            for (int variant = 0; variant < elus.length + 2; variant++) {
                boolean elu = variant < elus.length;
                double p0 = elu ? elus[variant][0] : (variant == elus.length ? 1 : 2.5), p1 = elu ? elus[variant][1] : 0;
                String what = (elu ? "elu(" + p0 + ", scale " + p1 + ")" : "swish(" + p0 + ")") + " " + rows + "x" + cols;
                double[][] hs = {h.clone(), h.clone()}, ys = new double[2][n + PAD], gs = new double[2][n + PAD];
                double[][] sums = new double[2][cols + PAD];
                float[][] hfs = {hf.clone(), hf.clone()}, yfs = new float[2][n + PAD], gfs = new float[2][n + PAD];
                float[][] sumfs = new float[2][cols + PAD];
                Kernels[] impls = {SCALAR, VECTOR};
                for (int k = 0; k < 2; k++) {
                    Kernels kr = impls[k];
                    if (elu) {
                        kr.addRowVectorElu(rows, cols, p0, p1, hs[k], bias, ys[k]);
                        kr.eluBackwardSumRows(rows, cols, p0, p1, hs[k], ys[k], gy, gs[k], sums[k]);
                        kr.addRowVectorElu(rows, cols, (float) p0, (float) p1, hfs[k], biasf, yfs[k]);
                        kr.eluBackwardSumRows(rows, cols, (float) p0, (float) p1, hfs[k], yfs[k], gyf, gfs[k], sumfs[k]);
                    } else {
                        kr.addRowVectorSwish(rows, cols, p0, hs[k], bias, ys[k]);
                        kr.swishBackwardSumRows(rows, cols, p0, hs[k], gy, gs[k], sums[k]);
                        kr.addRowVectorSwish(rows, cols, (float) p0, hfs[k], biasf, yfs[k]);
                        kr.swishBackwardSumRows(rows, cols, (float) p0, hfs[k], gyf, gfs[k], sumfs[k]);
                    }
                }
                assertClose(hs[0], hs[1], hs[0].length, 0, what + " h");
                assertClose(ys[0], ys[1], ys[0].length, 0, what + " y");
                assertClose(gs[0], gs[1], gs[0].length, 0, what + " gx");
                assertClose(sums[0], sums[1], sums[0].length, 0, what + " column sums");
                assertClose(toDouble(hfs[0]), toDouble(hfs[1]), hfs[0].length, 0, what + " f32 h");
                assertClose(toDouble(yfs[0]), toDouble(yfs[1]), yfs[0].length, 0, what + " f32 y");
                assertClose(toDouble(gfs[0]), toDouble(gfs[1]), gfs[0].length, 0, what + " f32 gx");
                assertClose(toDouble(sumfs[0]), toDouble(sumfs[1]), sumfs[0].length, 0, what + " f32 column sums");
            }
        }
    }

    /**
     * Lanes are summed from lane 0 up, whatever the JIT tier: values whose sum depends on the order (1e16 + 1
     * rounds back to 1e16) give the sequential sum. reduceLanes(ADD) is free to add pairwise and did so in C2.
     */
    @Test
    void sumLanesAddsInLaneOrder() {
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        double[] d = new double[lanes];
        for (int l = 0; l < lanes; l++) d[l] = l % 2 == 1 ? 1 : (l / 2 % 2 == 0 ? 1e16 : -1e16);
        double expected = 0;
        for (double v : d) expected += v;
        for (int round = 0; round < 20_000; round++) { // into C2
            assertEquals(expected, VectorKernels.sumLanes(
                    DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, d, 0)));
        }
        int floatLanes = FloatVector.SPECIES_PREFERRED.length();
        float[] f = new float[floatLanes];
        for (int l = 0; l < floatLanes; l++) f[l] = l % 2 == 1 ? 1 : (l / 2 % 2 == 0 ? 1e9f : -1e9f);
        float expectedF = 0;
        for (float v : f) expectedF += v;
        for (int round = 0; round < 20_000; round++) {
            assertEquals(expectedF, VectorKernels.sumLanes(
                    FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, f, 0)));
        }
    }

    /** The fused SGD step equals the scalar definition (FMA aside) and reports the applied update's norm. */
    @Test
    void sgdStepMatchesScalar() {
        for (int n : new int[] {0, 1, 7, 16, 33, 1000, 4099}) {
            SplittableRandom r = new SplittableRandom(n);
            double[] p = randomD(r, n, 0), g = randomD(r, n, 0);
            double[] ps = p.clone(), pv = p.clone();
            double qs = SCALAR.sgdStep(n, 0.01, 0.1, g, ps), qv = VECTOR.sgdStep(n, 0.01, 0.1, g, pv);
            assertClose(ps, pv, n, 1e-15, "sgdStep f64 n=" + n);
            assertEquals(qs, qv, 1e-12 * qs + 1e-300, "sgdStep f64 norm n=" + n);
            float[] pf = toFloat(p), gf = toFloat(g), pfs = pf.clone(), pfv = pf.clone();
            double qfs = SCALAR.sgdStep(n, 0.01f, 0.1f, gf, pfs), qfv = VECTOR.sgdStep(n, 0.01f, 0.1f, gf, pfv);
            assertClose(toDouble(pfs), toDouble(pfv), n, 1e-7, "sgdStep f32 n=" + n);
            assertEquals(qfs, qfv, 1e-4 * qfs + 1e-30, "sgdStep f32 norm n=" + n);
        }
    }

    @Test
    void rowHelpersMatchScalar() {
        int[][] shapes = {{0, 5}, {5, 0}, {1, 1}, {3, 7}, {17, 33}, {64, 64}, {129, 65}, {2, 16}, {300, 517}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            SplittableRandom r = new SplittableRandom(rows * 1000L + cols);
            double[] x = randomD(r, rows * cols, PAD), bias = randomD(r, cols, PAD), out = randomD(r, cols, PAD);
            String shape = " " + rows + "x" + cols;
            compareD(rows * cols, 0, "addRowVector" + shape, x, (k, o) -> k.addRowVector(rows, cols, o, bias));
            for (boolean acc : new boolean[] {false, true}) {
                compareD(cols, 0, "sumRows acc=" + acc + shape, out, (k, o) -> k.sumRows(rows, cols, x, o, acc));
            }
            float[] xf = toFloat(x), bf = toFloat(bias), outf = toFloat(out);
            compareF(rows * cols, 0, "addRowVector f32" + shape, xf, (k, o) -> k.addRowVector(rows, cols, o, bf));
            for (boolean acc : new boolean[] {false, true}) {
                compareF(cols, 0, "sumRows f32 acc=" + acc + shape, outf, (k, o) -> k.sumRows(rows, cols, xf, o, acc));
            }
        }
    }

    @Test
    void activationsAreAccurateAndStableAtExtremes() {
        double[] x = new double[64];
        for (int i = 0; i < x.length; i++) x[i] = Math.copySign(Math.pow(10, -8 + 12.0 * (i / 2) / 31), i % 2 == 0 ? 1 : -1);
        x[0] = 0;
        x[1] = -0.0;
        x[2] = 1e4;
        x[3] = -1e4;
        x[4] = 745;
        x[5] = -745;
        double[] y = new double[x.length];
        VECTOR.sigmoid(x.length, x, y);
        for (int i = 0; i < x.length; i++) {
            double ref = x[i] >= 0 ? 1 / (1 + Math.exp(-x[i])) : Math.exp(x[i]) / (1 + Math.exp(x[i]));
            assertTrue(y[i] >= 0 && y[i] <= 1, "sigmoid(" + x[i] + ") = " + y[i]);
            assertEquals(ref, y[i], 1e-14, "sigmoid(" + x[i] + ")");
        }
        VECTOR.tanh(x.length, x, y);
        for (int i = 0; i < x.length; i++) {
            double ref = Math.tanh(x[i]);
            assertEquals(ref, y[i], Math.max(1e-15 * Math.abs(ref), Double.MIN_NORMAL), "tanh(" + x[i] + ")");
        }
        float[] xf = toFloat(x), yf = new float[xf.length];
        VECTOR.sigmoid(xf.length, xf, yf);
        for (int i = 0; i < xf.length; i++) {
            assertTrue(yf[i] >= 0 && yf[i] <= 1, "f32 sigmoid(" + xf[i] + ") = " + yf[i]);
        }
        VECTOR.tanh(xf.length, xf, yf);
        for (int i = 0; i < xf.length; i++) assertEquals(Math.tanh(xf[i]), yf[i], 1e-6, "f32 tanh(" + xf[i] + ")");
    }

    @Test
    void getReturnsTheVectorKernelsWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "surefire adds the module");
        Kernels k = Kernels.get();
        assertInstanceOf(VectorKernels.class, k);
        assertTrue(k.name().startsWith("vector("), k.name());
        assertEquals("scalar", SCALAR.name());
    }
}
