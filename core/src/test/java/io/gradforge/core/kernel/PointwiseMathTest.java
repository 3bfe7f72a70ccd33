package io.gradforge.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tanh and sigmoid are bit-identical between the vector kernels, the scalar kernels and {@link PointwiseMath}
 * (the search's same-seed-same-result guarantee rests on it), and accurate to a few ulps.
 */
class PointwiseMathTest {
    private static final int N = 4099; // not a multiple of any vector length: exercises the scalar tails too

    private static double[] inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> r.nextDouble(-1e-3, 1e-3);
                case 1 -> r.nextDouble(-1, 1);
                case 2 -> r.nextDouble(-25, 25);
                default -> r.nextDouble(-800, 800);
            };
        }
        x[0] = 0.0;
        x[1] = -0.0;
        x[2] = 0.35;  // the series / exp switch (2|x| = 0.7)
        x[3] = -0.35;
        return x;
    }

    @Test
    void vectorScalarAndPointwiseAgreeBitForBit() {
        double[] x = inputs(1);
        float[] xf = new float[N];
        for (int i = 0; i < N; i++) xf[i] = (float) x[i];
        Kernels vector = new VectorKernels(), scalar = new ScalarKernels();
        for (int round = 0; round < 3; round++) { // later rounds run JIT-compiled code
            double[] a = new double[N], b = new double[N];
            float[] af = new float[N], bf = new float[N];
            // Vector tanh runs two vectors at a time; 395 and 403 leave an odd vector (f64, f32) before the tail.
            for (int n : new int[] {N, 395, 403}) {
                vector.tanh(n, x, a);
                scalar.tanh(n, x, b);
                assertArrayEquals(b, a, "tanh f64, n = " + n);
                vector.tanh(n, xf, af);
                scalar.tanh(n, xf, bf);
                assertArrayEquals(bf, af, "tanh f32, n = " + n);
            }
            vector.sigmoid(N, x, a);
            scalar.sigmoid(N, x, b);
            assertArrayEquals(b, a, "sigmoid f64");
            vector.sigmoid(N, xf, af);
            scalar.sigmoid(N, xf, bf);
            assertArrayEquals(bf, af, "sigmoid f32");
        }
    }

    @Test
    void accurateToAFewUlps() {
        double[] x = inputs(2);
        double worstTanh = 0, worstSigmoid = 0;
        for (double v : x) {
            double t = PointwiseMath.tanh(v), ref = Math.tanh(v);
            worstTanh = Math.max(worstTanh, Math.abs(t - ref) / Math.ulp(ref));
            double s = PointwiseMath.sigmoid(v), sref = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
            if (sref > 1e-300) worstSigmoid = Math.max(worstSigmoid, Math.abs(s - sref) / Math.ulp(sref));
        }
        System.out.printf("PointwiseMath: worst tanh error %.1f ulp, sigmoid %.1f ulp%n", worstTanh, worstSigmoid);
        assertTrue(worstTanh <= 4, "tanh error " + worstTanh + " ulp");
        assertTrue(worstSigmoid <= 4, "sigmoid error " + worstSigmoid + " ulp");
        assertEquals(0.0, PointwiseMath.tanh(-0.0), 0.0); // sign of zero not kept (tanh(-0) = +0 here)
        assertEquals(1.0, PointwiseMath.tanh(30.0));
        assertTrue(Double.isNaN(PointwiseMath.tanh(Double.NaN)));
        assertEquals(0.5, PointwiseMath.sigmoid(0.0));
        assertTrue(PointwiseMath.sigmoid(-1e4) >= 0 && PointwiseMath.sigmoid(1e4) == 1.0);
    }
}
