package io.gradforge.core.health.meanfield;

import java.util.List;
import java.util.Objects;

/**
 * What mean-field theory predicts for a deep random fully connected network at initialisation, layers
 * numbered 1..L as in the papers, stored 0-based.
 *
 * <ul>
 *   <li>{@code q.get(l - 1)} is {@code q^l}, the predicted variance of a pre-activation of layer l
 *       (the mean over units of {@code h_i^2}), l = 1..L;</li>
 *   <li>{@code chi.get(l - 1)} is the predicted ratio {@code r_l = ||delta_l||^2 / ||delta_{l+1}||^2} of squared
 *       back-propagated pre-activation gradient norms, {@code chi_l = sigmaW2_{l+1} E[phi_l'(h_l)^2]} with
 *       {@code h_l ~ N(0, q^l)}, l = 1..L-1. There is one fewer than there are layers: the last layer's delta
 *       comes from the loss, whose weights this description does not hold. For a uniform network
 *       {@code chi_l = chi_1(q^l)} of Schoenholz et al.</li>
 * </ul>
 *
 * @param inputSecondMoment the mean squared input component the prediction started from (1 for standard
 *                          Gaussian inputs)
 * @param q                 per-layer pre-activation variances, size L &gt;= 1, each finite and &gt;= 0
 * @param chi               per-layer gradient ratios, size L - 1, each finite and &gt;= 0
 */
public record MeanFieldPrediction(double inputSecondMoment, List<Double> q, List<Double> chi) {

    public MeanFieldPrediction {
        if (!(inputSecondMoment >= 0.0) || Double.isInfinite(inputSecondMoment)) {
            throw new IllegalArgumentException(
                    "inputSecondMoment must be finite and >= 0 but was " + inputSecondMoment + ".");
        }
        q = List.copyOf(q);
        chi = List.copyOf(chi);
        if (q.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one layer but q was empty.");
        }
        if (chi.size() != q.size() - 1) {
            throw new IllegalArgumentException("expected " + (q.size() - 1) + " chi values for " + q.size()
                    + " layers but was " + chi.size() + ".");
        }
        requireFiniteNonNegative("q", q);
        requireFiniteNonNegative("chi", chi);
    }

    /** The number of layers L. */
    public int depth() {
        return q.size();
    }

    /**
     * The geometric mean of {@code chi.get(fromIndex) .. chi.get(L - 2)}: the predicted per-layer factor of the
     * squared delta norm once the transient from the input has passed. 0 if any of those chi is 0.
     *
     * @param fromIndex 0-based index into {@link #chi()}, i.e. layer number {@code fromIndex + 1}
     */
    public double geometricMeanChi(int fromIndex) {
        if (fromIndex < 0 || fromIndex >= chi.size()) {
            throw new IllegalArgumentException("fromIndex must be in [0, " + chi.size() + ") but was "
                    + fromIndex + ".");
        }
        double sumLog = 0.0;
        for (int i = fromIndex; i < chi.size(); i++) {
            double c = chi.get(i);
            if (c == 0.0) {
                return 0.0;
            }
            sumLog += Math.log(c);
        }
        return Math.exp(sumLog / (chi.size() - fromIndex));
    }

    /** {@link #geometricMeanChi(int)} over all layers. */
    public double geometricMeanChi() {
        return geometricMeanChi(0);
    }

    /**
     * The predicted {@code ||delta_from+1||^2 / ||delta_L||^2}, the product {@code chi.get(fromIndex) .. chi.get(L-2)}
     * (computed in log space): the total attenuation (&lt; 1) or amplification (&gt; 1) of the squared gradient.
     */
    public double productChi(int fromIndex) {
        double g = geometricMeanChi(fromIndex);
        return g == 0.0 ? 0.0 : Math.exp((chi.size() - fromIndex) * Math.log(g));
    }

    /** {@link MeanField#depthScale(double)} of {@link #geometricMeanChi(int)}. */
    public double depthScale(int fromIndex) {
        return MeanField.depthScale(geometricMeanChi(fromIndex));
    }

    private static void requireFiniteNonNegative(String what, List<Double> values) {
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!(v >= 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(what + "[" + i + "] must be finite and >= 0 but was " + v + ".");
            }
        }
    }
}
