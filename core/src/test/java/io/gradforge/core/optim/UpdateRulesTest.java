package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradforge.core.tensor.Precision;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Arguments> cases() {
        return Arrays.stream(OptimizerKind.values())
                .flatMap(kind -> Arrays.stream(Precision.values()).map(precision -> Arguments.of(kind, precision)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheReferenceBitForBit(OptimizerKind kind, Precision precision) {
        for (int n : SIZES) {
            for (long seed = 1; seed <= 3; seed++) {
                SplittableRandom rng = new SplittableRandom(seed * 31 + n);
                // state {values, first moments, second moments}, float32 values held exactly in doubles
                double[][] ref = {random(rng, n, 1, precision), random(rng, n, 0.1, precision),
                        squares(random(rng, n, 0.1, precision), precision)};
                double[][] measured = {ref[0].clone(), ref[1].clone(), ref[2].clone()};
                double[][] plain = {ref[0].clone(), ref[1].clone(), ref[2].clone()};
                Hyper h = Hyper.random(rng);
                for (int step = 1; step <= STEPS; step++) {
                    int t = step;
                    double[] g = random(rng, n, 1, precision);
                    double[] before = measured[0].clone();
                    double expected = precision == Precision.FLOAT64 ? reference(kind, n, ref, g, h, t)
                            : inFloat32(ref, g, (s, g32) -> reference(kind, n, s, g32, h, t));
                    double sq = rule(kind, precision, n, measured, g, h, t, true);
                    rule(kind, precision, n, plain, g, h, t, false);
                    String at = kind + " " + precision + " n=" + n + " seed=" + seed + " step " + t;
                    for (int k = 0; k < 3; k++) {
                        // plain SGD's vector kernel fuses multiply-adds: only its two runs agree bit for bit
                        if (kind != OptimizerKind.SGD) {
                            assertArrayEquals(bits(ref[k]), bits(measured[k]), at + " array " + k + " (measured)");
                        }
                        assertArrayEquals(bits(measured[k]), bits(plain[k]), at + " array " + k + " (not measured)");
                    }
                    double sum = 0; // the squared change of the (rounded) values, summed in element order
                    for (int i = 0; i < n; i++) {
                        double d = measured[0][i] - before[i];
                        sum += d * d;
                    }
                    if (kind == OptimizerKind.SGD) {
                        assertEquals(sum, sq, (precision == Precision.FLOAT64 ? 1e-12 : 1e-5) * sum, at);
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

    private static double rule(OptimizerKind kind, Precision precision, int n, double[][] s, double[] g, Hyper h, int t,
            boolean measure) {
        if (precision == Precision.FLOAT32) return inFloat32(s, g, (s32, g32) -> rule32(kind, n, s32, g32, h, t, measure));
        return switch (kind) {
            case SGD -> UpdateRules.sgd(n, s[0], g, null, h.lr(), h.wd(), 0, false, measure);
            case MOMENTUM, NESTEROV -> UpdateRules.sgd(n, s[0], g, s[1], h.lr(), h.wd(), h.mu(),
                    kind == OptimizerKind.NESTEROV, measure);
            case ADAM, ADAMW -> UpdateRules.adam(n, s[0], g, s[1], s[2], h.lr(), h.coupled(kind), h.decoupled(kind),
                    h.beta1(), h.beta2(), h.bc1(t), h.bc2(t), h.eps(), measure);
            case RMSPROP -> UpdateRules.rmsProp(n, s[0], g, s[2], h.lr(), h.wd(), h.alpha(), h.eps(), measure);
        };
    }

    private static double rule32(OptimizerKind kind, int n, float[][] s, float[] g, Hyper h, int t, boolean measure) {
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

    /** Runs {@code rule} on float32 copies of the state and gradient, then copies the state back (exactly). */
    private static double inFloat32(double[][] s, double[] g, Float32Rule rule) {
        float[][] s32 = {toFloat(s[0]), toFloat(s[1]), toFloat(s[2])};
        double sq = rule.apply(s32, toFloat(g));
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < s32[k].length; i++) s[k][i] = s32[k][i];
        }
        return sq;
    }

    private interface Float32Rule {
        double apply(float[][] state, float[] g);
    }

    private static double[] random(SplittableRandom rng, int n, double scale, Precision precision) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * rng.nextDouble() - 1);
        return precision == Precision.FLOAT64 ? a : widen(toFloat(a));
    }

    private static double[] squares(double[] a, Precision precision) {
        for (int i = 0; i < a.length; i++) a[i] *= a[i];
        return precision == Precision.FLOAT64 ? a : widen(toFloat(a));
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Double.doubleToRawLongBits(a[i]);
        return b;
    }
}
