package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The update rules, measured or not, against the loops they were before the norms became optional (kept below as
 * the reference): values and moments equal bit for bit over random inputs, and the measured squared norm equals a
 * plain sum of squared differences in element order, bit for bit. Plain SGD runs in the vector kernel (fused
 * multiply-adds, the norm summed lane-wise): its measured and unmeasured runs agree bit for bit, and its norm agrees
 * with the plain sum to a relative tolerance.
 */
class UpdateRulesTest {
    private static final int[] SIZES = {0, 1, 7, 64, 1027};
    private static final int STEPS = 4;

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void float64MatchesTheReferenceBitForBit(OptimizerKind kind) {
        for (int n : SIZES) {
            for (long seed = 1; seed <= 3; seed++) {
                SplittableRandom rng = new SplittableRandom(seed * 31 + n);
                double[] p = random(rng, n, 1), m = random(rng, n, 0.1), v = squares(random(rng, n, 0.1));
                Hyper h = Hyper.random(rng);
                double[][] ref = {p.clone(), m.clone(), v.clone()};
                double[][] measured = {p.clone(), m.clone(), v.clone()};
                double[][] plain = {p.clone(), m.clone(), v.clone()};
                for (int t = 1; t <= STEPS; t++) {
                    double[] g = random(rng, n, 1);
                    double[] before = measured[0].clone();
                    double expected = reference(kind, n, ref, g, h, t);
                    double sq = rule(kind, n, measured, g, h, t, true);
                    rule(kind, n, plain, g, h, t, false);
                    String at = kind + " n=" + n + " seed=" + seed + " step " + t;
                    for (int k = 0; k < 3; k++) {
                        // plain SGD's vector kernel fuses multiply-adds: only its two runs agree bit for bit
                        if (kind != OptimizerKind.SGD) {
                            assertArrayEquals(bits(ref[k]), bits(measured[k]), at + " array " + k + " (measured)");
                        }
                        assertArrayEquals(bits(measured[k]), bits(plain[k]), at + " array " + k + " (not measured)");
                    }
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double d = measured[0][i] - before[i];
                        sum += d * d;
                    }
                    if (kind == OptimizerKind.SGD) {
                        assertEquals(sum, sq, 1e-12 * sum, at);
                    } else {
                        assertEquals(sum, sq, 0.0, at);
                        assertEquals(expected, sq, 0.0, at);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void float32MatchesTheReferenceBitForBit(OptimizerKind kind) {
        for (int n : SIZES) {
            for (long seed = 1; seed <= 3; seed++) {
                SplittableRandom rng = new SplittableRandom(seed * 37 + n);
                float[] p = toFloat(random(rng, n, 1)), m = toFloat(random(rng, n, 0.1));
                float[] v = toFloat(squares(random(rng, n, 0.1)));
                Hyper h = Hyper.random(rng);
                float[][] ref = {p.clone(), m.clone(), v.clone()};
                float[][] measured = {p.clone(), m.clone(), v.clone()};
                float[][] plain = {p.clone(), m.clone(), v.clone()};
                for (int t = 1; t <= STEPS; t++) {
                    float[] g = toFloat(random(rng, n, 1));
                    float[] before = measured[0].clone();
                    double expected = reference(kind, n, ref, g, h, t);
                    double sq = rule(kind, n, measured, g, h, t, true);
                    rule(kind, n, plain, g, h, t, false);
                    String at = kind + " n=" + n + " seed=" + seed + " step " + t;
                    for (int k = 0; k < 3; k++) {
                        // plain SGD's vector kernel fuses multiply-adds: only its two runs agree bit for bit
                        if (kind != OptimizerKind.SGD) {
                            assertArrayEquals(bits(ref[k]), bits(measured[k]), at + " array " + k + " (measured)");
                        }
                        assertArrayEquals(bits(measured[k]), bits(plain[k]), at + " array " + k + " (not measured)");
                    }
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double d = (double) measured[0][i] - before[i];
                        sum += d * d;
                    }
                    if (kind == OptimizerKind.SGD) {
                        assertEquals(sum, sq, 1e-5 * sum, at);
                    } else {
                        assertEquals(sum, sq, 0.0, at);
                        assertEquals(expected, sq, 0.0, at);
                    }
                }
            }
        }
    }

    /** Random hyperparameters, with and without weight decay. */
    private record Hyper(double lr, double wd, double mu, double beta1, double beta2, double alpha, double eps) {
        static Hyper random(SplittableRandom rng) {
            return new Hyper(Math.exp(rng.nextDouble(Math.log(1e-4), Math.log(0.3))), rng.nextBoolean() ? 0 : 0.01,
                    rng.nextDouble(0.5, 0.99), rng.nextDouble(0.8, 0.95), rng.nextDouble(0.99, 0.9999),
                    rng.nextDouble(0.9, 0.999), 1e-8);
        }

        double bc1(int t) {
            return 1 - Math.pow(beta1, t);
        }

        double bc2(int t) {
            return 1 - Math.pow(beta2, t);
        }

        double coupled(OptimizerKind kind) {
            return kind == OptimizerKind.ADAMW ? 0 : wd;
        }

        double decoupled(OptimizerKind kind) {
            return kind == OptimizerKind.ADAMW ? wd : 0;
        }
    }

    private static double rule(OptimizerKind kind, int n, double[][] s, double[] g, Hyper h, int t, boolean measure) {
        return switch (kind) {
            case SGD -> UpdateRules.sgd(n, s[0], g, null, h.lr(), h.wd(), 0, false, measure);
            case MOMENTUM, NESTEROV -> UpdateRules.sgd(n, s[0], g, s[1], h.lr(), h.wd(), h.mu(),
                    kind == OptimizerKind.NESTEROV, measure);
            case ADAM, ADAMW -> UpdateRules.adam(n, s[0], g, s[1], s[2], h.lr(), h.coupled(kind), h.decoupled(kind),
                    h.beta1(), h.beta2(), h.bc1(t), h.bc2(t), h.eps(), measure);
            case RMSPROP -> UpdateRules.rmsProp(n, s[0], g, s[2], h.lr(), h.wd(), h.alpha(), h.eps(), measure);
        };
    }

    private static double rule(OptimizerKind kind, int n, float[][] s, float[] g, Hyper h, int t, boolean measure) {
        return switch (kind) {
            case SGD -> UpdateRules.sgd(n, s[0], g, null, h.lr(), h.wd(), 0, false, measure);
            case MOMENTUM, NESTEROV -> UpdateRules.sgd(n, s[0], g, s[1], h.lr(), h.wd(), h.mu(),
                    kind == OptimizerKind.NESTEROV, measure);
            case ADAM, ADAMW -> UpdateRules.adam(n, s[0], g, s[1], s[2], h.lr(), h.coupled(kind), h.decoupled(kind),
                    h.beta1(), h.beta2(), h.bc1(t), h.bc2(t), h.eps(), measure);
            case RMSPROP -> UpdateRules.rmsProp(n, s[0], g, s[2], h.lr(), h.wd(), h.alpha(), h.eps(), measure);
        };
    }

    // ---- the reference: each rule's loop as it was, the squared norm summed in the same loop ----

    private static double reference(OptimizerKind kind, int n, double[][] s, double[] g, Hyper h, int t) {
        double[] p = s[0], m = s[1], v = s[2];
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double old = p[i];
            double updated;
            switch (kind) {
                case SGD -> updated = old - h.lr() * (g[i] + h.wd() * old);
                case MOMENTUM, NESTEROV -> {
                    double gi = g[i] + h.wd() * old;
                    double vi = h.mu() * m[i] + gi;
                    m[i] = vi;
                    double d = kind == OptimizerKind.NESTEROV ? gi + h.mu() * vi : vi;
                    updated = old - h.lr() * d;
                }
                case ADAM, ADAMW -> {
                    double shrink = 1 - h.lr() * h.decoupled(kind);
                    double gi = g[i] + h.coupled(kind) * old;
                    double mi = h.beta1() * m[i] + (1 - h.beta1()) * gi;
                    double vi = h.beta2() * v[i] + (1 - h.beta2()) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    updated = old * shrink - h.lr() * (mi / h.bc1(t)) / (Math.sqrt(vi / h.bc2(t)) + h.eps());
                }
                case RMSPROP -> {
                    double gi = g[i] + h.wd() * old;
                    double si = h.alpha() * v[i] + (1 - h.alpha()) * gi * gi;
                    v[i] = si;
                    updated = old - h.lr() * gi / (Math.sqrt(si) + h.eps());
                }
                default -> throw new AssertionError(kind);
            }
            p[i] = updated;
            double delta = updated - old;
            sq += delta * delta;
        }
        return sq;
    }

    private static double reference(OptimizerKind kind, int n, float[][] s, float[] g, Hyper h, int t) {
        float[] p = s[0], m = s[1], v = s[2];
        double sq = 0;
        for (int i = 0; i < n; i++) {
            float old = p[i];
            float updated;
            switch (kind) {
                case SGD -> updated = old - (float) h.lr() * (g[i] + (float) h.wd() * old); // in float32, as the kernel
                case MOMENTUM, NESTEROV -> {
                    double gi = g[i] + h.wd() * old;
                    float vi = (float) (h.mu() * m[i] + gi);
                    m[i] = vi;
                    double d = kind == OptimizerKind.NESTEROV ? gi + h.mu() * vi : vi;
                    updated = (float) (old - h.lr() * d);
                }
                case ADAM, ADAMW -> {
                    double shrink = 1 - h.lr() * h.decoupled(kind);
                    double gi = g[i] + h.coupled(kind) * old;
                    float mi = (float) (h.beta1() * m[i] + (1 - h.beta1()) * gi);
                    float vi = (float) (h.beta2() * v[i] + (1 - h.beta2()) * gi * gi);
                    m[i] = mi;
                    v[i] = vi;
                    updated = (float) (old * shrink - h.lr() * (mi / h.bc1(t)) / (Math.sqrt(vi / h.bc2(t)) + h.eps()));
                }
                case RMSPROP -> {
                    double gi = g[i] + h.wd() * old;
                    float si = (float) (h.alpha() * v[i] + (1 - h.alpha()) * gi * gi);
                    v[i] = si;
                    updated = (float) (old - h.lr() * gi / (Math.sqrt(si) + h.eps()));
                }
                default -> throw new AssertionError(kind);
            }
            p[i] = updated;
            double delta = (double) updated - old;
            sq += delta * delta;
        }
        return sq;
    }

    private static double[] random(SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * rng.nextDouble() - 1);
        return a;
    }

    private static double[] squares(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] *= a[i];
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Double.doubleToRawLongBits(a[i]);
        return b;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }
}
