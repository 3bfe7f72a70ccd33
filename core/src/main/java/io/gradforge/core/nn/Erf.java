package io.gradforge.core.nn;

/**
 * The error function to about 1e-15, for exact GELU and mean-field quadrature (the JDK has none).
 *
 * <p>Method: for |x| &lt; 3 the everywhere-convergent series with positive terms only (so no cancellation)
 * erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)) (Abramowitz &amp; Stegun 7.1.6);
 * for |x| &ge; 3 the Laplace continued fraction of erfc, evaluated with the modified Lentz algorithm
 * (A&amp;S 7.1.14), which converges in a few dozen terms there. Both are summed until the next term no
 * longer changes the result.
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT_PI = 0.5641895835477563;
    private static final double SWITCH = 3.0;

    private Erf() {}

    /** erf(x); odd, erf(+-inf) = +-1, NaN for NaN. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        double r = a < SWITCH ? series(a) : 1 - continuedFraction(a);
        return x < 0 ? -r : r;
    }

    /** erfc(x) = 1 - erf(x), accurate (relative) for large positive x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= SWITCH) return continuedFraction(x);
        if (x > -SWITCH) return 1 - (x < 0 ? -series(-x) : series(x));
        return 2 - continuedFraction(-x);
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            double next = sum + term;
            if (next == sum) break;
            sum = next;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) for x &ge; 3: e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
    private static double continuedFraction(double x) {
        if (x > 27) return 0; // e^{-729} underflows
        final double tiny = 1e-300;
        // f = x + K_{n>=1} (n/2) / x, evaluated by modified Lentz.
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double an = n * 0.5;
            d = x + an * d;
            if (d == 0) d = tiny;
            c = x + an / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return INV_SQRT_PI * Math.exp(-x * x) / f;
    }
}
