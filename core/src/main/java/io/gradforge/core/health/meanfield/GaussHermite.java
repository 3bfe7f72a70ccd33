package io.gradforge.core.health.meanfield;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * An n-point Gauss-Hermite rule for the standard normal measure ("probabilists'" Hermite):
 * {@code E_{z~N(0,1)}[f(z)] ~ sum_i w_i f(x_i)}, exact for polynomials of degree up to {@code 2n - 1},
 * with {@code sum_i w_i = 1}.
 *
 * <p>Computation (Golub-Welsch, then polished): the nodes are the eigenvalues of the symmetric tridiagonal
 * Jacobi matrix of the orthonormal Hermite polynomials (zero diagonal, off-diagonal {@code sqrt(k)},
 * k = 1..n-1), found with EJML's symmetric eigen decomposition; each node is then refined by Newton steps on
 * {@code p_n}, evaluated with the three-term recurrence {@code p_{k+1} = (x p_k - sqrt(k) p_{k-1}) / sqrt(k+1)},
 * and symmetrised. The weights are the Christoffel numbers {@code w_i = 1 / sum_{k<n} p_k(x_i)^2}, which keep
 * full relative accuracy even for the tiny outer weights (eigenvector components would only give absolute
 * accuracy). Orders up to {@value #MAX_ORDER} are supported (beyond it {@code p_k(x_max)^2} overflows).
 *
 * <p>Use it for smooth integrands; {@link GaussianIntegrals} handles kinks at 0. Even on smooth integrands
 * convergence is only like {@code exp(-c sqrt(n))} when poles lie near the real axis: for {@code E[tanh(h)^2]},
 * {@code h ~ N(0, 2)}, order 151 is off by 1.6e-10 and order 256 by 5e-14 (2.6e-7 at q = 7.5), which is why
 * {@link MeanField} uses the split composite rule.
 *
 * {@snippet :
 * GaussHermite rule = GaussHermite.of(40);
 * double fourthMoment = rule.expectation(z -> z * z * z * z); // 3.0
 * }
 *
 * @implNote Immutable and thread-safe; rules are computed once per order and cached.
 */
public final class GaussHermite {

    /** The largest supported order. */
    public static final int MAX_ORDER = 256;

    private static final AtomicReferenceArray<GaussHermite> CACHE = new AtomicReferenceArray<>(MAX_ORDER + 1);

    private final double[] nodes;
    private final double[] weights;

    private GaussHermite(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The n-point rule, {@code 1 <= n <= MAX_ORDER}. */
    public static GaussHermite of(int n) {
        if (n < 1 || n > MAX_ORDER) {
            throw new IllegalArgumentException(
                    "Gauss-Hermite order must be in [1, " + MAX_ORDER + "] but was " + n + ".");
        }
        GaussHermite rule = CACHE.get(n);
        if (rule == null) {
            rule = compute(n);
            CACHE.compareAndSet(n, null, rule);
        }
        return rule;
    }

    /** The number of nodes. */
    public int order() {
        return nodes.length;
    }

    /** A copy of the nodes, ascending. */
    public double[] nodes() {
        return nodes.clone();
    }

    /** A copy of the weights, matching {@link #nodes()}. */
    public double[] weights() {
        return weights.clone();
    }

    /** {@code E_{z~N(0,1)}[f(z)]} by this rule. */
    public double expectation(DoubleUnaryOperator f) {
        Objects.requireNonNull(f, "f");
        double sum = 0.0;
        for (int i = 0; i < nodes.length; i++) {
            sum += weights[i] * f.applyAsDouble(nodes[i]);
        }
        return sum;
    }

    /** {@code E_{z~N(0,1)}[f(sqrt(q) z)]}, i.e. {@code E[f(h)]} for {@code h ~ N(0, q)}. */
    public double expectation(DoubleUnaryOperator f, double q) {
        Objects.requireNonNull(f, "f");
        if (!(q >= 0.0) || Double.isInfinite(q)) {
            throw new IllegalArgumentException("variance q must be finite and >= 0 but was " + q + ".");
        }
        double s = Math.sqrt(q);
        return expectation(z -> f.applyAsDouble(s * z));
    }

    private static GaussHermite compute(int n) {
        double[] x = new double[n];
        if (n > 1) {
            DMatrixRMaj jacobi = new DMatrixRMaj(n, n);
            for (int k = 1; k < n; k++) {
                double b = Math.sqrt(k);
                jacobi.set(k - 1, k, b);
                jacobi.set(k, k - 1, b);
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
            if (!eig.decompose(jacobi)) {
                throw new IllegalStateException("eigen decomposition of the order-" + n + " Jacobi matrix failed.");
            }
            for (int i = 0; i < n; i++) {
                x[i] = eig.getEigenvalue(i).getReal();
            }
            Arrays.sort(x);
        }
        // Polish the non-negative half by Newton on p_n, then mirror: the rule is exactly symmetric.
        for (int i = n / 2; i < n; i++) {
            double r = (n % 2 == 1 && i == n / 2) ? 0.0 : x[i];
            for (int iter = 0; iter < 10 && r != 0.0; iter++) {
                double[] pd = hermiteAndDerivative(n, r);
                double dx = pd[0] / pd[1];
                r -= dx;
                if (Math.abs(dx) <= 1e-16 * Math.abs(r)) {
                    break;
                }
            }
            x[i] = r;
            x[n - 1 - i] = -r;
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = christoffel(n, x[i]);
        }
        return new GaussHermite(x, w);
    }

    /** {p_n(x), p_n'(x)} of the orthonormal (w.r.t. N(0,1)) Hermite polynomials. */
    private static double[] hermiteAndDerivative(int n, double x) {
        double p0 = 1.0;
        double p1 = x;
        double d0 = 0.0;
        double d1 = 1.0;
        for (int k = 1; k < n; k++) {
            double inv = 1.0 / Math.sqrt(k + 1.0);
            double sk = Math.sqrt(k);
            double p2 = (x * p1 - sk * p0) * inv;
            double d2 = (p1 + x * d1 - sk * d0) * inv;
            p0 = p1;
            p1 = p2;
            d0 = d1;
            d1 = d2;
        }
        return new double[] {p1, d1};
    }

    /** 1 / sum_{k<n} p_k(x)^2. */
    private static double christoffel(int n, double x) {
        double p0 = 0.0;
        double p1 = 1.0;
        double sum = 1.0;
        for (int k = 0; k + 1 < n; k++) {
            double p2 = (x * p1 - Math.sqrt(k) * p0) / Math.sqrt(k + 1.0);
            p0 = p1;
            p1 = p2;
            sum += p1 * p1;
        }
        return 1.0 / sum;
    }
}
