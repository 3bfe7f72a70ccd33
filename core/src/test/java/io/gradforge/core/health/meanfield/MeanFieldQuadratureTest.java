package io.gradforge.core.health.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gauss-Hermite rules, split Gaussian integrals and the normal CDF against exact values. */
class MeanFieldQuadratureTest {

    /** E[z^k] for z ~ N(0,1): (k-1)!! for even k, 0 for odd k. */
    private static double normalMoment(int k) {
        if (k % 2 == 1) {
            return 0.0;
        }
        double m = 1.0;
        for (int j = k - 1; j > 1; j -= 2) {
            m *= j;
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 10, 21, 40})
    void gaussHermiteIsExactOnMonomialsUpToDegree2nMinus1(int n) {
        GaussHermite rule = GaussHermite.of(n);
        for (int k = 0; k <= 2 * n - 1; k++) {
            int power = k;
            double got = rule.expectation(z -> Math.pow(z, power));
            double want = normalMoment(k);
            // Odd moments cancel between symmetric nodes; scale by the matching even moment.
            double scale = Math.max(1.0, normalMoment(k % 2 == 0 ? k : k + 1));
            assertEquals(want, got, 1e-13 * scale, "n=" + n + " k=" + k);
        }
        // ... and not beyond: on z^{2n} the rule misses by exactly ||He_n||^2 = n! (He_n monic, p_n^2 n! = He_n^2).
        int k = 2 * n;
        double nFactorial = 1.0;
        for (int j = 2; j <= n; j++) {
            nFactorial *= j;
        }
        assertEquals(nFactorial, normalMoment(k) - rule.expectation(z -> Math.pow(z, k)), 1e-3 * nFactorial,
                "degree-2n error for n=" + n);
    }

    /**
     * For high orders monomials overflow, so exactness up to degree 2n-1 is checked in the orthonormal basis:
     * E[p_j p_k] = delta_jk for j + k &lt;= 2n - 1, here with j, k &lt; n.
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 151, 200, GaussHermite.MAX_ORDER})
    void highOrderRulesAreExactInTheOrthonormalBasis(int n) {
        GaussHermite rule = GaussHermite.of(n);
        double[] x = rule.nodes();
        double[] w = rule.weights();
        double[][] p = new double[n][n]; // p[k][i] = p_k(x_i)
        for (int i = 0; i < n; i++) {
            p[0][i] = 1.0;
            if (n > 1) {
                p[1][i] = x[i];
            }
            for (int k = 1; k + 1 < n; k++) {
                p[k + 1][i] = (x[i] * p[k][i] - Math.sqrt(k) * p[k - 1][i]) / Math.sqrt(k + 1.0);
            }
        }
        double worst = 0.0;
        for (int j = 0; j < n; j += 7) {
            for (int k = j; k < n; k += 5) {
                double s = 0.0;
                for (int i = 0; i < n; i++) {
                    s += w[i] * p[j][i] * p[k][i];
                }
                worst = Math.max(worst, Math.abs(s - (j == k ? 1.0 : 0.0)));
            }
        }
        assertTrue(worst < 1e-11, "n=" + n + " worst orthonormality error " + worst);
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += w[i];
            assertEquals(-x[i], x[n - 1 - i], 0.0, "symmetric nodes");
            assertTrue(w[i] >= 0.0 && Double.isFinite(w[i]), "weight " + w[i]);
            if (i > 0) {
                assertTrue(x[i] > x[i - 1], "ascending nodes");
            }
        }
        assertEquals(1.0, sum, 1e-14);
    }

    /** Reference values from mpmath (30 digits, adaptive quadrature split at 0 and +-1). */
    @Test
    void splitIntegralMatchesHighPrecisionReferences() {
        PointwiseFunction tanh = PointwiseFunction.tanh();
        PointwiseFunction sigmoid = PointwiseFunction.sigmoid();
        PointwiseFunction gelu = PointwiseFunction.gelu();
        assertEquals(0.519975745663948623531815773545, MeanField.secondMoment(tanh, 2.0), 1e-15);
        assertEquals(0.349508297746602813786690166139, MeanField.derivativeSecondMoment(tanh, 2.0), 1e-15);
        assertEquals(0.044836241350194371792582658295, MeanField.derivativeSecondMoment(sigmoid, 1.0), 1e-16);
        assertEquals(0.425221482570298674918554416385, MeanField.secondMoment(gelu, 1.0), 1e-15);
        assertEquals(0.455850865649287122113628110736, MeanField.derivativeSecondMoment(gelu, 1.0), 1e-15);
        // Large q: tanh(sqrt(q) z) turns over on the scale 1/sqrt(q), where the geometric panels sit.
        assertEquals(0.723049724643013288674648734042, MeanField.secondMoment(tanh, 7.5), 1e-15);
        assertEquals(0.99202148248051304330402636991, MeanField.secondMoment(tanh, 1e4), 1e-15);
    }

    /**
     * On smooth integrands Gauss-Hermite agrees with the split rule, but converges only like exp(-c sqrt(n))
     * when the integrand has poles near the real axis (tanh at h = i pi/2): at q = 2 order 151 is off by about
     * 1.6e-10 and order 256 by 5e-14 (at q = 7.5 by 2.6e-7), while the split rule is within 1e-15 of the
     * references above.
     */
    @Test
    void splitIntegralAgreesWithGaussHermiteOnSmoothIntegrands() {
        GaussHermite rule = GaussHermite.of(GaussHermite.MAX_ORDER);
        for (double q : new double[] {1e-8, 0.05, 1.0, 2.0}) {
            for (PointwiseFunction phi : new PointwiseFunction[] {
                    PointwiseFunction.tanh(), PointwiseFunction.sigmoid(), PointwiseFunction.gelu()}) {
                double split = GaussianIntegrals.expectation(h -> Math.pow(phi.valueAt(h), 2), q);
                double gh = rule.expectation(h -> Math.pow(phi.valueAt(h), 2), q);
                assertEquals(gh, split, 1e-11 * Math.abs(gh) + 1e-300, phi.name() + " q=" + q);
            }
        }
        double gh151 = GaussHermite.of(151).expectation(h -> Math.pow(Math.tanh(h), 2), 2.0);
        assertEquals(0.519975745663948623531815773545, gh151, 1e-9);
    }

    @Test
    void reluClosedForms() {
        PointwiseFunction relu = PointwiseFunction.relu();
        for (double q : new double[] {1e-12, 1e-3, 0.3, 1.0, 2.0, 1e4, 1e12}) {
            assertEquals(q / 2.0, MeanField.secondMoment(relu, q), 1e-14 * q, "E[relu^2] q=" + q);
            assertEquals(0.5, MeanField.derivativeSecondMoment(relu, q), 1e-14, "E[relu'^2] q=" + q);
        }
        assertEquals(0.0, MeanField.secondMoment(relu, 0.0));
    }

    @Test
    void identityClosedForms() {
        PointwiseFunction id = PointwiseFunction.identity();
        for (double q : new double[] {1e-6, 0.5, 1.0, 3.0, 1e6}) {
            assertEquals(q, MeanField.secondMoment(id, q), 1e-14 * q);
            assertEquals(1.0, MeanField.derivativeSecondMoment(id, q), 1e-14);
            assertEquals(3.0 * q * q, GaussianIntegrals.expectation(h -> h * h * h * h, q), 1e-13 * q * q);
        }
    }

    @Test
    void seluClosedFormsAtUnitVariance() {
        // E[selu'^2] = l^2 (1/2 + a^2 e^2 Phi(-2));
        // E[selu^2]  = l^2 (1/2 + a^2 (e^2 Phi(-2) - 2 e^{1/2} Phi(-1) + 1/2)).
        double l2 = Math.pow(PointwiseFunction.SELU_LAMBDA, 2);
        double a2 = Math.pow(PointwiseFunction.SELU_ALPHA, 2);
        double phiM1 = 0.15865525393145707;
        double phiM2 = 0.022750131948179195;
        double d2 = l2 * (0.5 + a2 * Math.exp(2) * phiM2);
        double v2 = l2 * (0.5 + a2 * (Math.exp(2) * phiM2 - 2 * Math.exp(0.5) * phiM1 + 0.5));
        PointwiseFunction selu = PointwiseFunction.selu();
        assertEquals(d2, MeanField.derivativeSecondMoment(selu, 1.0), 1e-14);
        assertEquals(v2, MeanField.secondMoment(selu, 1.0), 1e-14);
        assertEquals(1.0, v2, 1e-6, "SELU is self-normalising: q* = 1 at sigmaW2 = 1");
    }

    @Test
    void oddOrderGaussHermiteMissesTheReluJumpWhichSplittingAvoids() {
        // Why MeanField splits at 0: the central node of an odd rule sits on relu''s jump.
        PointwiseFunction relu = PointwiseFunction.relu();
        GaussHermite rule = GaussHermite.of(151);
        double gh = rule.expectation(h -> Math.pow(relu.derivativeAt(h), 2), 1.0);
        double centralWeight = rule.weights()[75];
        assertEquals(0.5 - centralWeight / 2.0, gh, 1e-13);
        assertTrue(Math.abs(gh - 0.5) > 0.01, "error " + Math.abs(gh - 0.5));
    }

    /** mpmath reference values; the tolerance is 5e-15 relative (1 - erf loses a digit or two near 0). */
    @Test
    void normalCdfMatchesReferenceValues() {
        assertEquals(0.5, GaussianIntegrals.normalCdf(0.0), 0.0);
        double[][] reference = {
                {-2.0, 0.0227501319481792072002826371665},
                {-0.5, 0.308537538725986896362295389392},
                {-7.0, 1.27981254388583500438362369078e-12},
                {1.3, 0.903199515414389674458284439261},
                {-1.0, 0.158655253931457051414767454368},
        };
        for (double[] r : reference) {
            assertEquals(r[1], GaussianIntegrals.normalCdf(r[0]), 5e-15 * r[1], "Phi(" + r[0] + ")");
        }
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        PointwiseFunction[] all = {PointwiseFunction.identity(), PointwiseFunction.tanh(), PointwiseFunction.relu(),
                PointwiseFunction.sigmoid(), PointwiseFunction.selu(), PointwiseFunction.gelu()};
        double eps = 1e-6;
        for (PointwiseFunction phi : all) {
            for (double x : new double[] {-3.1, -1.0, -0.2, 0.3, 1.7, 4.0}) {
                double fd = (phi.valueAt(x + eps) - phi.valueAt(x - eps)) / (2 * eps);
                assertEquals(fd, phi.derivativeAt(x), 1e-8, phi.name() + " at " + x);
            }
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> GaussHermite.of(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussHermite.of(GaussHermite.MAX_ORDER + 1));
        assertTrue(e.getMessage().contains("257"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussianIntegrals.expectation(h -> h, -2.5));
        assertTrue(e.getMessage().contains("-2.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GaussianIntegrals.expectation(h -> h, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PointwiseFunction.of(" ", x -> x, x -> 1));
        assertTrue(e.getMessage().contains("' '"), e.getMessage());
    }
}
