package io.gradforge.core.health.meanfield;

import java.util.Objects;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * Gaussian expectations {@code E_{z~N(0,1)}[f(sqrt(q) z)]} of integrands that may have a kink or a jump at 0,
 * as relu, selu and their derivatives do.
 *
 * <p>Why not plain Gauss-Hermite: a Gauss rule converges only algebraically on a kinked integrand, and on a
 * jump at 0 an odd-order rule is off by half the weight of its central node (about 3% for order 151 on
 * {@code E[relu'(h)^2]}). So the integral is split at {@code z = 0}; each half line is truncated at
 * {@code |z| = 38.5} (the density there is below 1e-320, i.e. zero in float64) and integrated with
 * composite 16-point Gauss-Legendre on panels of width at most 1 in z, refined geometrically towards 0 on the
 * scale {@code 1/sqrt(q)} where the activation's features sit. On each panel the integrand is smooth, so the
 * result is accurate to about 1e-14 relative for the activations in {@link PointwiseFunction}; tests check it
 * against closed forms and against {@link GaussHermite} on smooth integrands.
 *
 * <p>Breakpoints other than 0 are not known to this class; an activation kinked elsewhere (hard tanh at
 * &plusmn;1) still converges, only more slowly, but a fixed-order Gauss-Legendre panel does not
 * adapt. Points where the density underflows to 0 are skipped, so {@code f = +inf} there yields no NaN.
 *
 * @implNote Stateless and thread-safe.
 */
public final class GaussianIntegrals {

    private static final double Z_MAX = 38.5;
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final int GL_ORDER = 16;
    private static final double[] GL_NODES = new double[GL_ORDER];
    private static final double[] GL_WEIGHTS = new double[GL_ORDER];

    static {
        gaussLegendre(GL_NODES, GL_WEIGHTS);
    }

    private GaussianIntegrals() {
    }

    /**
     * {@code E_{z~N(0,1)}[f(sqrt(q) z)]}, i.e. {@code E[f(h)]} for {@code h ~ N(0, q)}.
     *
     * @param f the integrand, evaluated at pre-activations h; Not modified
     * @param q the variance of h, finite and non-negative; for {@code q = 0} the result is {@code f(0)}
     */
    public static double expectation(DoubleUnaryOperator f, double q) {
        Objects.requireNonNull(f, "f");
        if (!(q >= 0.0) || Double.isInfinite(q)) {
            throw new IllegalArgumentException("variance q must be finite and >= 0 but was " + q + ".");
        }
        if (q == 0.0) {
            return f.applyAsDouble(0.0);
        }
        double s = Math.sqrt(q);
        double[] breaks = breakpoints(s);
        double sum = 0.0;
        for (int p = 0; p + 1 < breaks.length; p++) {
            double a = breaks[p];
            double b = breaks[p + 1];
            double mid = 0.5 * (a + b);
            double half = 0.5 * (b - a);
            double panel = 0.0;
            for (int i = 0; i < GL_ORDER; i++) {
                double z = mid + half * GL_NODES[i];
                double density = normalDensity(z);
                if (density == 0.0) {
                    continue;
                }
                // Both half lines at once: the density is even.
                panel += GL_WEIGHTS[i] * density * (f.applyAsDouble(s * z) + f.applyAsDouble(-s * z));
            }
            sum += half * panel;
        }
        return sum;
    }

    /** Panel ends on [0, Z_MAX]: every integer, plus 2^j / s for j = -8, -7, ... (features of f at |h| ~ 1). */
    private static double[] breakpoints(double s) {
        TreeSet<Double> set = new TreeSet<>();
        for (int k = 0; k < Z_MAX; k++) {
            set.add((double) k);
        }
        set.add(Z_MAX);
        for (int j = -8; j <= 64; j++) {
            double z = Math.scalb(1.0, j) / s;
            if (z >= Z_MAX) {
                break;
            }
            if (z > 1e-300) {
                set.add(z);
            }
        }
        double[] out = new double[set.size()];
        int i = 0;
        for (double z : set) {
            out[i++] = z;
        }
        return out;
    }

    /** The standard normal density. */
    public static double normalDensity(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /**
     * The standard normal CDF, accurate to about 1e-14 relative error in both tails (a few ulps in the far tails): a positive-term series
     * for erf near 0 (no cancellation) and Lentz's continued fraction for erfc in the tails.
     */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double t = Math.abs(x) / Math.sqrt(2.0);
        if (t < 2.5) {
            double erf = erfSeries(t);
            return x >= 0.0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
        }
        double erfc = erfcContinuedFraction(t);
        return x >= 0.0 ? 1.0 - 0.5 * erfc : 0.5 * erfc;
    }

    /** erf(t) = 2/sqrt(pi) e^{-t^2} sum_n 2^n t^{2n+1} / (1*3*...*(2n+1)), all terms positive. */
    private static double erfSeries(double t) {
        double term = t;
        double sum = t;
        double t2 = t * t;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * t2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2.0 / Math.sqrt(Math.PI) * Math.exp(-t2) * sum;
    }

    /** erfc(t) = e^{-t^2}/sqrt(pi) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))), for t &gt;= 2.5, by Lentz. */
    private static double erfcContinuedFraction(double t) {
        double tiny = 1e-300;
        double f = t;
        double c = t;
        double d = 0.0;
        for (int k = 1; k < 500; k++) {
            double a = 0.5 * k;
            d = t + a * d;
            d = d == 0.0 ? tiny : d;
            c = t + a / c;
            c = c == 0.0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-t * t) / Math.sqrt(Math.PI) / f;
    }

    /** Gauss-Legendre nodes and weights on [-1, 1] by Newton on the three-term Legendre recurrence. */
    private static void gaussLegendre(double[] nodes, double[] weights) {
        int n = nodes.length;
        for (int i = 0; i < n; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0.0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1.0;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1.0);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            nodes[i] = x;
            weights[i] = 2.0 / ((1.0 - x * x) * dp * dp);
        }
    }
}
