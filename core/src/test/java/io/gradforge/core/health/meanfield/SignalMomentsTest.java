package io.gradforge.core.health.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignalMomentsTest {

    /** Cho &amp; Saul's arc-cosine kernel: E[relu(a) relu(b)] = m / (2 pi) (sqrt(1 - c^2) + (pi - acos c) c). */
    private static double reluKernel(double m, double k) {
        double c = k / m;
        return m / (2 * Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
    }

    @Test
    void crossMomentMatchesTheArcCosineKernelAndLimits() {
        for (double c : new double[] {-0.3, -0.01, 0.0, 0.2, 0.6, 0.9}) {
            double m = 2.5;
            assertEquals(reluKernel(m, c * m), MeanField.crossMoment(PointwiseFunction.relu(), m, c * m),
                    5e-5 * m, "c = " + c);
        }
        assertEquals(MeanField.secondMoment(PointwiseFunction.tanh(), 1.3),
                MeanField.crossMoment(PointwiseFunction.tanh(), 1.3, 1.3), 1e-12);
        assertEquals(0.7, MeanField.crossMoment(PointwiseFunction.identity(), 1.3, 0.7), 1e-12);
        assertEquals(0.0, MeanField.crossMoment(PointwiseFunction.tanh(), 1.3, 0.0), 1e-15, "odd phi: E[phi] = 0");
        assertThrows(IllegalArgumentException.class, () -> MeanField.crossMoment(PointwiseFunction.relu(), 1, 1.5));
    }

    @Test
    void rowCovarianceAndBatchVarianceAgreeWithTheBatch() {
        SplittableRandom rng = new SplittableRandom(3);
        int rows = 7;
        int cols = 5;
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = 0.4 + rng.nextGaussian();
        double m = 0;
        for (double x : v) m += x * x;
        m /= v.length;
        SignalMoments s = SignalMoments.of(m, SignalMoments.rowCovariance(v, rows, cols));
        double biased = 0;
        for (int j = 0; j < cols; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < rows; i++) {
                mean += v[i * cols + j];
                sq += v[i * cols + j] * v[i * cols + j];
            }
            mean /= rows;
            biased += sq / rows - mean * mean;
        }
        assertEquals(biased / cols, s.batchVariance(rows), 1e-12);
        assertThrows(IllegalStateException.class, () -> SignalMoments.of(1, Double.NaN).batchVariance(4));
    }

    @Test
    void batchNormStandardizesAndRemovesTwoDirectionsGoingBack() {
        SignalMoments in = SignalMoments.of(3.0, 1.0);
        int rows = 64;
        double v = (1 - 1.0 / rows) * 2.0;
        SignalMoments out = MeanField.batchNorm(in, 1.0, 0.0, 1e-5, rows);
        assertEquals(v / (v + 1e-5), out.secondMoment(), 1e-15);
        assertEquals(-out.secondMoment() / (rows - 1), out.rowCovariance(), 1e-15);
        assertEquals((1 - 2.0 / rows) / (v + 1e-5), MeanField.batchNormGradientFactor(in, 1.0, 1e-5, rows), 1e-15);
        // relu after it, He weights before the next: Yang et al.'s pi/(pi-1) as the batch grows
        int big = 1 << 20;
        SignalMoments z = MeanField.batchNorm(SignalMoments.of(1, 0), 1, 0, 0, big);
        SignalMoments a = MeanField.activation(PointwiseFunction.relu(), z, true);
        SignalMoments h = MeanField.linear(a, 2.0, 0.0);
        double perLayer = MeanField.batchNormGradientFactor(h, 1, 0, big)
                * MeanField.derivativeSecondMoment(PointwiseFunction.relu(), z.secondMoment()) * 2.0;
        assertEquals(Math.PI / (Math.PI - 1), perLayer, 1e-5);
        assertTrue(Double.isNaN(MeanField.activation(PointwiseFunction.relu(), z, false).rowCovariance()));
    }
}
