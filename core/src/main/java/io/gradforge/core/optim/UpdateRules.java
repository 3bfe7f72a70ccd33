package io.gradforge.core.optim;

import io.gradforge.core.kernel.Kernels;
import org.jspecify.annotations.Nullable;

/**
 * The element-wise update rules on raw arrays (first {@code n} elements), one copy per precision. Arithmetic
 * is in float64; float32 state and values are rounded on store, except plain SGD (no momentum), which runs in
 * the parameter's precision through {@link Kernels#sgdStep}. With {@code measure}, each returns the squared L2 norm
 * of the update actually applied (new value minus old value, after rounding), summed in element order; without, they
 * skip the sum and their result means nothing (plain SGD's vector kernel sums it anyway, nearly for free). None
 * allocates.
 *
 * <p>Why the flag: the sequential sum is a loop-carried dependence that keeps C2 from vectorizing the loop, so it
 * costs more than the update itself; C2 unswitches the loop on the flag, and the copy without the sum runs vectorized.
 * The update arithmetic is the same either way.
 */
final class UpdateRules {
    private static final Kernels K = Kernels.get();

    private UpdateRules() {}

    /** SGD, heavy-ball momentum ({@code v != null}) or Nesterov, with coupled weight decay. */
    static double sgd(int n, double[] p, double[] g, double @Nullable [] v, double lr, double wd, double mu,
            boolean nesterov, boolean measure) {
        if (v == null) return K.sgdStep(n, lr, wd, g, p); // plain SGD: one fused vector pass
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double old = p[i];
            double gi = g[i] + wd * old;
            double d = gi;
            if (v != null) {
                double vi = mu * v[i] + gi;
                v[i] = vi;
                d = nesterov ? gi + mu * vi : vi;
            }
            double updated = old - lr * d;
            p[i] = updated;
            if (measure) {
                double delta = updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }

    static double sgd(int n, float[] p, float[] g, float @Nullable [] v, double lr, double wd, double mu,
            boolean nesterov, boolean measure) {
        if (v == null) return K.sgdStep(n, (float) lr, (float) wd, g, p); // plain SGD in float32: one vector pass
        double sq = 0;
        for (int i = 0; i < n; i++) {
            float old = p[i];
            double gi = g[i] + wd * old;
            double d = gi;
            if (v != null) {
                float vi = (float) (mu * v[i] + gi);
                v[i] = vi;
                d = nesterov ? gi + mu * vi : vi;
            }
            float updated = (float) (old - lr * d);
            p[i] = updated;
            if (measure) {
                double delta = (double) updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }

    /** Adam / AdamW: {@code bc1 = 1 - beta1^t}, {@code bc2 = 1 - beta2^t}; eps is added to sqrt(v-hat). */
    static double adam(int n, double[] p, double[] g, double[] m, double[] v, double lr, double coupledWd,
            double decoupledWd, double beta1, double beta2, double bc1, double bc2, double eps, boolean measure) {
        double shrink = 1 - lr * decoupledWd;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double old = p[i];
            double gi = g[i] + coupledWd * old;
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            double updated = old * shrink - lr * (mi / bc1) / (Math.sqrt(vi / bc2) + eps);
            p[i] = updated;
            if (measure) {
                double delta = updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }

    static double adam(int n, float[] p, float[] g, float[] m, float[] v, double lr, double coupledWd,
            double decoupledWd, double beta1, double beta2, double bc1, double bc2, double eps, boolean measure) {
        double shrink = 1 - lr * decoupledWd;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            float old = p[i];
            double gi = g[i] + coupledWd * old;
            float mi = (float) (beta1 * m[i] + (1 - beta1) * gi);
            float vi = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
            m[i] = mi;
            v[i] = vi;
            float updated = (float) (old * shrink - lr * (mi / bc1) / (Math.sqrt(vi / bc2) + eps));
            p[i] = updated;
            if (measure) {
                double delta = (double) updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }

    /** RMSProp (no momentum, not centered), coupled weight decay. */
    static double rmsProp(int n, double[] p, double[] g, double[] s, double lr, double wd, double alpha, double eps,
            boolean measure) {
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double old = p[i];
            double gi = g[i] + wd * old;
            double si = alpha * s[i] + (1 - alpha) * gi * gi;
            s[i] = si;
            double updated = old - lr * gi / (Math.sqrt(si) + eps);
            p[i] = updated;
            if (measure) {
                double delta = updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }

    static double rmsProp(int n, float[] p, float[] g, float[] s, double lr, double wd, double alpha, double eps,
            boolean measure) {
        double sq = 0;
        for (int i = 0; i < n; i++) {
            float old = p[i];
            double gi = g[i] + wd * old;
            float si = (float) (alpha * s[i] + (1 - alpha) * gi * gi);
            s[i] = si;
            float updated = (float) (old - lr * gi / (Math.sqrt(si) + eps));
            p[i] = updated;
            if (measure) {
                double delta = (double) updated - old;
                sq += delta * delta;
            }
        }
        return sq;
    }
}
