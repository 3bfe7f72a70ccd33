package io.gradforge.core.health.meanfield;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Mean-field signal propagation in deep random fully connected networks (Poole et al. 2016, "Exponential
 * expressivity in deep neural networks through transient chaos"; Schoenholz et al. 2017, "Deep information
 * propagation"): in the limit of infinite width, a pre-activation of layer l is Gaussian, {@code h ~ N(0, q^l)},
 * with
 * <pre>
 *   q^1     = sigmaW2 * qInput + sigmaB2                (qInput = mean squared input component)
 *   q^{l+1} = sigmaW2 * E[phi(h)^2] + sigmaB2,  h ~ N(0, q^l)        (the length map)
 *   chi_1   = sigmaW2 * E[phi'(h)^2]                                  (the gradient factor)
 * </pre>
 * Back-propagating {@code delta_l = phi'(h_l) * W_{l+1}^T delta_{l+1}} multiplies the expected squared norm by
 * {@code chi_1} per layer, so deltas vanish for {@code chi_1 < 1}, explode for {@code chi_1 > 1}, on the depth
 * scale {@code xi = -1 / ln chi_1}. Finite width adds O(1/width) fluctuations per layer around these values.
 *
 * <p>Gaussian expectations use {@link GaussianIntegrals} (split at the kink at 0, accurate to ~1e-14);
 * {@link GaussHermite} is the alternative for smooth activations.
 *
 * {@snippet :
 * MeanFieldPrediction p = MeanField.predict(MeanFieldLayer.of(PointwiseFunction.relu(), 2.0), 30, 1.0);
 * double perLayer = p.geometricMeanChi(4); // 1.0: He initialisation preserves gradient norms
 * }
 *
 * @implNote Stateless and thread-safe.
 */
public final class MeanField {

    /** Below this the length-map iteration reports {@link FixedPoint.Status#COLLAPSED}. */
    public static final double COLLAPSE_THRESHOLD = 1e-30;
    /** Above this the length-map iteration reports {@link FixedPoint.Status#DIVERGED}. */
    public static final double DIVERGENCE_THRESHOLD = 1e100;
    /** Default iteration budget of {@link #fixedPoint(PointwiseFunction, double, double, double)}. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Relative change between successive iterates at which the fixed point counts as converged. */
    public static final double RELATIVE_TOLERANCE = 1e-12;

    private MeanField() {
    }

    /** {@code E[phi(h)^2]} for {@code h ~ N(0, q)}. */
    public static double secondMoment(PointwiseFunction phi, double q) {
        Objects.requireNonNull(phi, "phi");
        return GaussianIntegrals.expectation(h -> square(phi.valueAt(h)), q);
    }

    /** {@code E[phi'(h)^2]} for {@code h ~ N(0, q)}. */
    public static double derivativeSecondMoment(PointwiseFunction phi, double q) {
        Objects.requireNonNull(phi, "phi");
        return GaussianIntegrals.expectation(h -> square(phi.derivativeAt(h)), q);
    }

    /** The pre-activation variance of the first layer, {@code sigmaW2 * inputSecondMoment + sigmaB2}. */
    public static double firstLayerVariance(double sigmaW2, double sigmaB2, double inputSecondMoment) {
        requireVariance("sigmaW2", sigmaW2);
        requireVariance("sigmaB2", sigmaB2);
        requireVariance("inputSecondMoment", inputSecondMoment);
        return sigmaW2 * inputSecondMoment + sigmaB2;
    }

    /** The length map {@code sigmaW2 E[phi(h)^2] + sigmaB2}, {@code h ~ N(0, q)}: the next layer's variance. */
    public static double lengthMap(PointwiseFunction phi, double sigmaW2, double sigmaB2, double q) {
        requireVariance("sigmaW2", sigmaW2);
        requireVariance("sigmaB2", sigmaB2);
        return sigmaW2 * secondMoment(phi, q) + sigmaB2;
    }

    /** {@code chi_1 = sigmaW2 E[phi'(h)^2]}, {@code h ~ N(0, q)}. */
    public static double chi1(PointwiseFunction phi, double sigmaW2, double q) {
        requireVariance("sigmaW2", sigmaW2);
        return sigmaW2 * derivativeSecondMoment(phi, q);
    }

    /**
     * The depth scale of gradient signal, {@code xi = -1 / ln chi}: the squared delta norm changes by a factor
     * e every |xi| layers. Positive when gradients vanish ({@code chi < 1}), negative when they explode
     * ({@code chi > 1}), {@code +Infinity} at criticality ({@code chi = 1}), 0 for {@code chi = 0}.
     */
    public static double depthScale(double chi) {
        if (!(chi >= 0.0) || Double.isInfinite(chi)) {
            throw new IllegalArgumentException("chi must be finite and >= 0 but was " + chi + ".");
        }
        if (chi == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        return -1.0 / Math.log(chi);
    }

    /**
     * Iterates the length map from {@code qStart} to its fixed point {@code q*} with
     * {@link #DEFAULT_MAX_ITERATIONS}; see {@link #fixedPoint(PointwiseFunction, double, double, double, int)}.
     */
    public static FixedPoint fixedPoint(PointwiseFunction phi, double sigmaW2, double sigmaB2, double qStart) {
        return fixedPoint(phi, sigmaW2, sigmaB2, qStart, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * Iterates {@code q <- lengthMap(q)} from {@code qStart} (a pre-activation variance, e.g.
     * {@link #firstLayerVariance}) until successive iterates agree to {@link #RELATIVE_TOLERANCE}
     * ({@code CONVERGED}), fall below {@link #COLLAPSE_THRESHOLD} ({@code COLLAPSED}, q* = 0, e.g. tanh with
     * sigmaW2 &lt; 1 and no bias), exceed {@link #DIVERGENCE_THRESHOLD} ({@code DIVERGED}, e.g. relu with
     * sigmaW2 &gt; 2), or the budget runs out ({@code NOT_CONVERGED}).
     *
     * <p>The map is a contraction near a stable fixed point with rate {@code |dq'/dq|}; close to criticality
     * the rate approaches 1 and the stopping rule's error, about {@code |Δq| / (1 - rate)}, grows accordingly.
     * A map with a continuum of fixed points (relu at sigmaW2 = 2, identity at 1) converges at once to
     * {@code qStart}: which fixed point a network sits at depends on its input.
     */
    public static FixedPoint fixedPoint(PointwiseFunction phi, double sigmaW2, double sigmaB2, double qStart,
                                        int maxIterations) {
        Objects.requireNonNull(phi, "phi");
        requireVariance("sigmaW2", sigmaW2);
        requireVariance("sigmaB2", sigmaB2);
        requireVariance("qStart", qStart);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1 but was " + maxIterations + ".");
        }
        double q = qStart;
        for (int i = 1; i <= maxIterations; i++) {
            double next = lengthMap(phi, sigmaW2, sigmaB2, q);
            if (!(next <= DIVERGENCE_THRESHOLD)) { // also catches +Infinity and NaN from overflow
                return new FixedPoint(FixedPoint.Status.DIVERGED, Double.POSITIVE_INFINITY, i);
            }
            if (next < COLLAPSE_THRESHOLD) {
                return new FixedPoint(FixedPoint.Status.COLLAPSED, 0.0, i);
            }
            if (Math.abs(next - q) <= RELATIVE_TOLERANCE * next) {
                return new FixedPoint(FixedPoint.Status.CONVERGED, next, i);
            }
            q = next;
        }
        return new FixedPoint(FixedPoint.Status.NOT_CONVERGED, q, maxIterations);
    }

    /**
     * The per-layer pre-activation variances {@code q^1 .. q^L} of a network, starting from the mean squared
     * input component {@code inputSecondMoment} (1 for standard Gaussian inputs).
     *
     * @throws IllegalArgumentException if a variance overflows (the described network diverges at that depth)
     */
    public static List<Double> propagate(List<MeanFieldLayer> layers, double inputSecondMoment) {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer but layers was empty.");
        }
        MeanFieldLayer first = Objects.requireNonNull(layers.getFirst(), "layers[0]");
        List<Double> q = new ArrayList<>(layers.size());
        double current = firstLayerVariance(first.sigmaW2(), first.sigmaB2(), inputSecondMoment);
        q.add(requireFiniteVariance(current, 1));
        for (int l = 1; l < layers.size(); l++) {
            MeanFieldLayer previous = layers.get(l - 1);
            MeanFieldLayer layer = Objects.requireNonNull(layers.get(l), "layers[" + l + "]");
            // Layer l+1's weights act on layer l's activations.
            current = layer.sigmaW2() * secondMoment(previous.activation(), current) + layer.sigmaB2();
            q.add(requireFiniteVariance(current, l + 1));
        }
        return Collections.unmodifiableList(q);
    }

    /**
     * Predicts per-layer variances and gradient ratios for a network given layer by layer; see
     * {@link MeanFieldPrediction} for the indexing.
     */
    public static MeanFieldPrediction predict(List<MeanFieldLayer> layers, double inputSecondMoment) {
        List<Double> q = propagate(layers, inputSecondMoment);
        List<Double> chi = new ArrayList<>(q.size() - 1);
        for (int l = 0; l + 1 < q.size(); l++) {
            chi.add(chi1(layers.get(l).activation(), layers.get(l + 1).sigmaW2(), q.get(l)));
        }
        return new MeanFieldPrediction(inputSecondMoment, q, chi);
    }

    /** Predicts a network of {@code depth} identical layers. */
    public static MeanFieldPrediction predict(MeanFieldLayer layer, int depth, double inputSecondMoment) {
        Objects.requireNonNull(layer, "layer");
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1 but was " + depth + ".");
        }
        return predict(Collections.nCopies(depth, layer), inputSecondMoment);
    }

    /** Gauss-Hermite order of the outer integral of {@link #crossMoment}, whose integrand is smooth. */
    static final int CROSS_MOMENT_ORDER = 64;

    /**
     * {@code E[phi(a) phi(b)]} for {@code (a, b)} jointly Gaussian with mean 0, variances {@code m} and covariance
     * {@code k} (|k| &lt;= m): the correlation map of Poole et al. Written as {@code a = u + w, b = +-u + w'} with
     * {@code u ~ N(0, |k|)} shared and {@code w, w' ~ N(0, m - |k|)} independent, it is {@code E_u[g(u) g(+-u)]},
     * {@code g(u) = E_w[phi(u + w)]}: the inner integral by {@link GaussianIntegrals}, the outer (smooth, since
     * the inner one smooths phi's kink) by {@value #CROSS_MOMENT_ORDER}-point Gauss-Hermite. About 1e-5 relative for
     * relu (the inner integrand's kink falls off the split at 0), worse as k nears m with a kinked phi.
     */
    public static double crossMoment(PointwiseFunction phi, double m, double k) {
        Objects.requireNonNull(phi, "phi");
        requireVariance("m", m);
        if (!(Math.abs(k) <= m)) {
            throw new IllegalArgumentException("covariance k must be in [-m, m] = [" + (-m) + ", " + m + "] but was "
                    + k + ".");
        }
        double shared = Math.abs(k);
        double own = m - shared;
        if (shared == 0.0) {
            double mean = GaussianIntegrals.expectation(phi::valueAt, m);
            return mean * mean;
        }
        if (own == 0.0 && k > 0) {
            return secondMoment(phi, m);
        }
        DoubleUnaryOperator g = u -> own == 0.0 ? phi.valueAt(u)
                : GaussianIntegrals.expectation(w -> phi.valueAt(u + w), own);
        double sign = Math.signum(k);
        return GaussHermite.of(CROSS_MOMENT_ORDER).expectation(
                u -> g.applyAsDouble(u) * g.applyAsDouble(sign * u), shared);
    }

    /**
     * The moments after a linear map with weight variance {@code sigmaW2 / fanIn} and bias variance
     * {@code sigmaB2}: {@code m' = sigmaW2 m + sigmaB2}, {@code k' = sigmaW2 k + sigmaB2} (a bias is the same in
     * every row). Going back, the squared gradient norm is multiplied by {@code sigmaW2}.
     */
    public static SignalMoments linear(SignalMoments in, double sigmaW2, double sigmaB2) {
        Objects.requireNonNull(in, "in");
        requireVariance("sigmaW2", sigmaW2);
        requireVariance("sigmaB2", sigmaB2);
        return new SignalMoments(sigmaW2 * in.secondMoment() + sigmaB2, sigmaW2 * in.rowCovariance() + sigmaB2);
    }

    /**
     * The moments after {@code phi}: {@code m' = E[phi(h)^2]} and, when {@code rows} asks and k is tracked,
     * {@code k' = }{@link #crossMoment}; else k' is NaN (not tracked). Going back, the squared gradient norm is
     * multiplied by {@link #derivativeSecondMoment} at m.
     */
    public static SignalMoments activation(PointwiseFunction phi, SignalMoments in, boolean rows) {
        Objects.requireNonNull(in, "in");
        double m = secondMoment(phi, in.secondMoment());
        double k = rows && in.tracksRows() ? crossMoment(phi, in.secondMoment(), in.rowCovariance()) : Double.NaN;
        return new SignalMoments(m, k);
    }

    /**
     * The moments after batch norm in training mode on {@code rows} rows, with {@code gamma2 = mean(gamma^2)},
     * {@code beta2 = mean(beta^2)}: each unit is standardized over the batch, so with v its batch variance
     * ({@link SignalMoments#batchVariance}) {@code m' = gamma2 v / (v + eps) + beta2}, and since the standardized
     * values sum to 0 over the rows, {@code k' = -gamma2 v / (v + eps) / (B - 1) + beta2}.
     */
    public static SignalMoments batchNorm(SignalMoments in, double gamma2, double beta2, double eps, int rows) {
        Objects.requireNonNull(in, "in");
        requireVariance("gamma2", gamma2);
        requireVariance("beta2", beta2);
        double v = in.batchVariance(rows);
        double scaled = gamma2 * v / (v + eps);
        return new SignalMoments(scaled + beta2, -scaled / (rows - 1) + beta2);
    }

    /**
     * The factor by which batch norm in training mode multiplies the squared gradient norm going back:
     * {@code gamma2 / (v + eps)} from the division by the batch's standard deviation, times {@code 1 - 2/B},
     * since the backward pass removes each unit's components along the constant and along the standardized input
     * (two of B directions; the gradient arriving is independent of both at init). With relu after it, and He
     * weights before it, this is Yang et al.'s (2019) {@code pi / (pi - 1)} per layer for large B.
     */
    public static double batchNormGradientFactor(SignalMoments in, double gamma2, double eps, int rows) {
        Objects.requireNonNull(in, "in");
        requireVariance("gamma2", gamma2);
        double v = in.batchVariance(rows);
        return gamma2 / (v + eps) * (1.0 - 2.0 / rows);
    }

    private static double requireFiniteVariance(double q, int layer) {
        if (!Double.isFinite(q)) {
            throw new IllegalArgumentException("pre-activation variance of layer " + layer
                    + " overflows (q = " + q + "): the described network diverges before that depth.");
        }
        return q;
    }

    private static void requireVariance(String name, double v) {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 but was " + v + ".");
        }
    }

    private static double square(double x) {
        return x * x;
    }
}
