package io.gradforge.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * tanh, sigmoid, elu, selu and swish are bit-identical between the vector kernels, the scalar kernels and
 * {@link PointwiseMath} (the search's same-seed-same-result guarantee rests on it), and accurate to a few ulps.
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

    /** elu (alpha 1 and 0.5), selu and swish (beta 1, 2.5 and 0.3): their kernels' forward and backward. */
    private static final double[][] ELU_PARAMETERS = {{1, 1}, {0.5, 1}, {1.6732632423543772, 1.0507009873554805}};
    private static final double[] SWISH_BETAS = {1, 2.5, 0.3};

    /**
     * Vector and scalar kernels agree bit for bit on elu, selu and swish, forward and backward, at every length up
     * to four double vectors and some longer ones (every remainder of the one- and two-vector loops), in both
     * precisions, before and after the JIT compiles them.
     */
    @Test
    void eluSeluAndSwishAgreeBitForBitAtEveryLength() {
        double[] x = inputs(3), g = inputs(4);
        float[] xf = new float[N], gf = new float[N];
        for (int i = 0; i < N; i++) {
            xf[i] = (float) x[i];
            gf[i] = (float) (g[i] / 800);
        }
        Kernels vector = new VectorKernels(), scalar = new ScalarKernels();
        int maxShort = 4 * DoubleVector.SPECIES_PREFERRED.length() + 3;
        for (int round = 0; round < 6; round++) { // later rounds run JIT-compiled code
            for (int n = round == 0 ? 0 : N; n <= maxShort || n == N; n = n == maxShort ? N : n + 1) {
                String at = " n = " + n + ", round " + round;
                double[] a = new double[n], b = new double[n], ga = new double[n], gb = new double[n];
                float[] af = new float[n], bf = new float[n], gaf = new float[n], gbf = new float[n];
                for (double[] p : ELU_PARAMETERS) {
                    String what = "elu(" + p[0] + ", scale " + p[1] + ")";
                    vector.elu(n, p[0], p[1], x, a);
                    scalar.elu(n, p[0], p[1], x, b);
                    assertArrayEquals(b, a, what + at);
                    vector.eluBackward(n, p[0], p[1], x, b, g, ga);
                    scalar.eluBackward(n, p[0], p[1], x, b, g, gb);
                    assertArrayEquals(gb, ga, what + " backward" + at);
                    vector.elu(n, (float) p[0], (float) p[1], xf, af);
                    scalar.elu(n, (float) p[0], (float) p[1], xf, bf);
                    assertArrayEquals(bf, af, what + " f32" + at);
                    vector.eluBackward(n, (float) p[0], (float) p[1], xf, bf, gf, gaf);
                    scalar.eluBackward(n, (float) p[0], (float) p[1], xf, bf, gf, gbf);
                    assertArrayEquals(gbf, gaf, what + " backward f32" + at);
                }
                for (double beta : SWISH_BETAS) {
                    String what = "swish(" + beta + ")";
                    vector.swish(n, beta, x, a);
                    scalar.swish(n, beta, x, b);
                    assertArrayEquals(b, a, what + at);
                    vector.swishBackward(n, beta, x, g, ga);
                    scalar.swishBackward(n, beta, x, g, gb);
                    assertArrayEquals(gb, ga, what + " backward" + at);
                    vector.swish(n, (float) beta, xf, af);
                    scalar.swish(n, (float) beta, xf, bf);
                    assertArrayEquals(bf, af, what + " f32" + at);
                    vector.swishBackward(n, (float) beta, xf, gf, gaf);
                    scalar.swishBackward(n, (float) beta, xf, gf, gbf);
                    assertArrayEquals(gbf, gaf, what + " backward f32" + at);
                }
            }
        }
    }

    /**
     * elu, selu and swish against their Math.exp-based definitions: float64 values within 4 ulps, swish's
     * derivative within 4 ulps of its terms' magnitude; elu's derivative from the forward output within 2 ulps of
     * scale alpha (absolute: it is y + scale alpha, exact up to y's rounding); float32 within 4 float ulps of the
     * float64 definition.
     */
    @Test
    void eluSeluAndSwishAreAccurate() {
        double[] x = inputs(5);
        double worstElu = 0, worstEluGrad = 0, worstSwish = 0, worstSwishGrad = 0, worstF32 = 0;
        for (double[] p : ELU_PARAMETERS) {
            double scale = p[1], scaleAlpha = scale * p[0];
            float scaleF = (float) scale, scaleAlphaF = scaleF * (float) p[0];
            for (double v : x) {
                double ref = v > 0 ? scale * v : scaleAlpha * Math.expm1(v);
                double y = PointwiseMath.elu(v, scale, scaleAlpha);
                if (ref != 0) worstElu = Math.max(worstElu, Math.abs(y - ref) / Math.ulp(ref));
                else assertEquals(0.0, y, 0.0);
                double dref = v > 0 ? scale : scaleAlpha * Math.exp(v);
                worstEluGrad = Math.max(worstEluGrad,
                        Math.abs(PointwiseMath.eluDerivative(v, y, scale, scaleAlpha) - dref) / Math.ulp(scaleAlpha));
                float vf = (float) v;
                double refF = vf > 0 ? scale * vf : scaleAlpha * Math.expm1(vf);
                float yf = PointwiseMath.elu(vf, scaleF, scaleAlphaF);
                if (refF != 0) worstF32 = Math.max(worstF32, Math.abs(yf - refF) / Math.ulp((float) refF));
            }
        }
        for (double beta : SWISH_BETAS) {
            for (double v : x) {
                double t = beta * v, e = Math.exp(-Math.abs(t));
                double s = t >= 0 ? 1 / (1 + e) : e / (1 + e), sc = t >= 0 ? e / (1 + e) : 1 / (1 + e);
                double ref = v * s, dref = s * (1 + t * sc);
                if (Math.abs(ref) > 1e-290) {
                    worstSwish = Math.max(worstSwish, Math.abs(PointwiseMath.swish(v, beta) - ref) / Math.ulp(ref));
                }
                // the derivative crosses 0 (at t near -1.28), where its two terms cancel: ulps of their magnitudes
                double magnitude = s * (1 + Math.abs(t) * sc);
                if (magnitude > 1e-290) {
                    double d = PointwiseMath.swishDerivative(v, beta);
                    worstSwishGrad = Math.max(worstSwishGrad, Math.abs(d - dref) / Math.ulp(magnitude));
                }
                // float32: the reference takes the float product beta x the kernel takes, so that e^t's condition
                // (|t| times t's rounding) is not counted against the kernel
                float vf = (float) v;
                double tf = (float) beta * vf, ef = Math.exp(-Math.abs(tf));
                double refF = vf * (tf >= 0 ? 1 / (1 + ef) : ef / (1 + ef));
                if (Math.abs(refF) > 1e-30) {
                    worstF32 = Math.max(worstF32,
                            Math.abs(PointwiseMath.swish(vf, (float) beta) - refF) / Math.ulp((float) refF));
                }
            }
        }
        System.out.printf("PointwiseMath: worst elu %.1f ulp, elu' %.1f ulp of scale alpha, swish %.1f ulp, swish' %.1f"
                + " ulp, float32 elu/swish %.1f ulp%n", worstElu, worstEluGrad, worstSwish, worstSwishGrad, worstF32);
        assertTrue(worstElu <= 4, "elu error " + worstElu + " ulp");
        assertTrue(worstEluGrad <= 2, "elu derivative error " + worstEluGrad + " ulp of scale alpha");
        assertTrue(worstSwish <= 4, "swish error " + worstSwish + " ulp");
        assertTrue(worstSwishGrad <= 4, "swish derivative error " + worstSwishGrad + " ulp");
        assertTrue(worstF32 <= 4, "float32 elu/swish error " + worstF32 + " ulp");
        // small negative inputs keep their relative accuracy (expm1's series, not exp(x) - 1)
        assertEquals(Math.expm1(-1e-12), PointwiseMath.elu(-1e-12, 1.0, 1.0), Math.ulp(1e-12));
        assertEquals(0.0, PointwiseMath.elu(0.0, 1.0, 1.0), 0.0);
        assertEquals(-1.0, PointwiseMath.elu(-1e4, 1.0, 1.0), 0.0);
        assertEquals(1.0, PointwiseMath.eluDerivative(-0.0, 0.0, 1.0, 1.0)); // left derivative at the kink
        assertEquals(0.5, PointwiseMath.swishDerivative(0.0, 1.0));
        assertEquals(1.0, PointwiseMath.swishDerivative(50.0, 1.0));
        assertEquals(1e4, PointwiseMath.swish(1e4, 1.0));
    }
}
