package io.gradforge.core.health.meanfield;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
