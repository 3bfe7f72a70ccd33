package io.gradforge.core.optim;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping, applied to the gradients in place between backward and the optimizer step. Every mode
 * returns the global L2 norm of all gradients <em>before</em> clipping, for diagnostics and divergence
 * detection. A non-finite norm is returned as it is and the gradients are left untouched: clipping never
 * turns a diverged step into a finite-looking one.
 *
 * {@snippet :
 * double norm = Clipping.byGlobalNorm(1.0).apply(params);
 * if (!Double.isFinite(norm)) { ... diverged ... }
 * }
 */
public sealed interface Clipping {

    /**
     * Clips the gradients of {@code params} in place (grads Modified, values Not modified) and returns their
     * global L2 norm before clipping (NaN or infinite if any gradient element is).
     */
    double apply(List<Parameter> params);

    static Clipping none() {
        return None.INSTANCE;
    }

    /** Clamps every gradient element to {@code [-limit, limit]}. */
    static Clipping byValue(double limit) {
        return new ByValue(limit);
    }

    /** Rescales all gradients together so their global L2 norm is at most {@code maxNorm} (Pascanu et al. 2013). */
    static Clipping byGlobalNorm(double maxNorm) {
        return new ByGlobalNorm(maxNorm);
    }

    /** sqrt of the sum of squares of every gradient element of every parameter, accumulated in float64. */
    static double globalNorm(List<Parameter> params) {
        Kernels k = Kernels.get();
        double sum = 0;
        for (int i = 0; i < params.size(); i++) {
            Tensor g = params.get(i).grad();
            sum += g.isFloat64() ? k.sumSquares(g.size(), g.f64()) : k.sumSquares(g.size(), g.f32());
        }
        return Math.sqrt(sum);
    }

    /** No clipping; {@link #apply} only measures the norm. */
    record None() implements Clipping {
        static final None INSTANCE = new None();

        @Override
        public double apply(List<Parameter> params) {
            return globalNorm(params);
        }
    }

    /** Element-wise clamp to {@code [-limit, limit]}; {@code limit} positive and finite. NaN elements stay NaN. */
    record ByValue(double limit) implements Clipping {
        public ByValue {
            requirePositive("clip value", limit);
        }

        @Override
        public double apply(List<Parameter> params) {
            double norm = globalNorm(params);
            if (!Double.isFinite(norm)) {
                return norm;
            }
            float limit32 = (float) limit;
            for (int i = 0; i < params.size(); i++) {
                Tensor g = params.get(i).grad();
                int n = g.size();
                if (g.isFloat64()) {
                    double[] a = g.f64();
                    for (int j = 0; j < n; j++) a[j] = Math.max(-limit, Math.min(limit, a[j]));
                } else {
                    float[] a = g.f32();
                    for (int j = 0; j < n; j++) a[j] = Math.max(-limit32, Math.min(limit32, a[j]));
                }
            }
            return norm;
        }
    }

    /**
     * If the global norm exceeds {@code maxNorm}, scales every gradient by {@code maxNorm / norm}, keeping the
     * direction; {@code maxNorm} positive and finite.
     */
    record ByGlobalNorm(double maxNorm) implements Clipping {
        public ByGlobalNorm {
            requirePositive("max gradient norm", maxNorm);
        }

        @Override
        public double apply(List<Parameter> params) {
            double norm = globalNorm(params);
            if (!(norm > maxNorm) || !Double.isFinite(norm)) {
                return norm;
            }
            double factor = maxNorm / norm;
            Kernels k = Kernels.get();
            for (int i = 0; i < params.size(); i++) {
                Tensor g = params.get(i).grad();
                if (g.isFloat64()) k.scale(g.size(), factor, g.f64());
                else k.scale(g.size(), (float) factor, g.f32());
            }
            return norm;
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite but was " + value + ".");
        }
    }
}
