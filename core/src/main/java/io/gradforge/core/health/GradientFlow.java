package io.gradforge.core.health;

import io.gradforge.core.health.meanfield.MeanFieldPrediction;
import java.util.ArrayList;
import java.util.List;

/**
 * How the back-propagated pre-activation gradient (delta) changes from dense layer to dense layer, measured in
 * one backward pass. Layers are the network's dense layers in {@code Network.denseLayers()} order, numbered
 * 1..L as in {@link MeanFieldPrediction} and stored 0-based:
 * {@code ratios.get(l - 1) = r_l = ||delta_l||^2 / ||delta_{l+1}||^2}, l = 1..L-1, directly comparable with
 * the mean-field {@code chi_l} ({@link MeanFieldPrediction#chi()}). {@code r < 1}: the squared gradient shrinks
 * going back; {@code r > 1}: it grows.
 *
 * @param deltaNorms         {@code ||delta_l||} over the batch, l = 1..L
 * @param ratios             {@code r_l}, size L - 1 (NaN where a norm was 0 or not finite)
 * @param geometricMean      the geometric mean of all ratios (NaN when L &lt; 2 or a ratio is NaN)
 * @param attenuationDecades {@code log10(||delta_L|| / ||delta_1||)}: positive when the gradient reaching the first
 *                           layer is smaller than the one leaving the loss (vanishing), negative when larger
 *                           (exploding); NaN when L &lt; 2 or a norm is 0 or not finite
 */
public record GradientFlow(List<Double> deltaNorms, List<Double> ratios, double geometricMean,
                           double attenuationDecades) {

    public GradientFlow {
        deltaNorms = List.copyOf(deltaNorms);
        ratios = List.copyOf(ratios);
        if (deltaNorms.isEmpty()) {
            throw new IllegalArgumentException("gradient flow needs at least one dense layer but deltaNorms was empty.");
        }
        if (ratios.size() != deltaNorms.size() - 1) {
            throw new IllegalArgumentException("expected " + (deltaNorms.size() - 1) + " ratios for "
                    + deltaNorms.size() + " layers but was " + ratios.size() + ".");
        }
    }

    /** The flow of the given per-layer delta norms (l = 1..L). */
    public static GradientFlow of(List<Double> deltaNorms) {
        List<Double> ratios = new ArrayList<>(Math.max(0, deltaNorms.size() - 1));
        for (int l = 0; l + 1 < deltaNorms.size(); l++) {
            double a = deltaNorms.get(l);
            double b = deltaNorms.get(l + 1);
            double r = (a * a) / (b * b);
            ratios.add(Double.isFinite(r) && b > 0.0 ? r : Double.NaN);
        }
        double geo = geometricMean(ratios, 0);
        double decades = Double.NaN;
        if (deltaNorms.size() >= 2) {
            double first = deltaNorms.getFirst();
            double last = deltaNorms.getLast();
            if (first > 0.0 && last > 0.0 && Double.isFinite(first) && Double.isFinite(last)) {
                decades = Math.log10(last) - Math.log10(first);
            }
        }
        return new GradientFlow(deltaNorms, ratios, geo, decades);
    }

    /** The number of dense layers L. */
    public int depth() {
        return deltaNorms.size();
    }

    /**
     * The geometric mean of {@code ratios.get(fromIndex) ..} to the end: the typical per-layer factor of the
     * squared delta norm from layer {@code fromIndex + 1} on (skip the first layers to see past the transient
     * from the input). Computed as {@code (||delta_from+1||^2 / ||delta_L||^2)^(1/(L-1-fromIndex))} in log space;
     * 0 when a delta underflowed to 0, NaN when a norm is not finite.
     *
     * @param fromIndex 0-based index into {@link #ratios()}
     */
    public double geometricMean(int fromIndex) {
        if (fromIndex < 0 || fromIndex >= ratios.size()) {
            throw new IllegalArgumentException("fromIndex must be in [0, " + ratios.size() + ") but was "
                    + fromIndex + ".");
        }
        return geometricMean(ratios, fromIndex);
    }

    /** Whether the measured numbers are all finite (an overflow or NaN in backward makes them not). */
    public boolean finite() {
        for (double d : deltaNorms) {
            if (!Double.isFinite(d)) return false;
        }
        return true;
    }

    /** The largest delta norm. */
    public double maxDeltaNorm() {
        double m = 0.0;
        for (double d : deltaNorms) {
            m = Double.isNaN(d) ? Double.NaN : Math.max(m, d);
        }
        return m;
    }

    private static double geometricMean(List<Double> ratios, int from) {
        if (from >= ratios.size()) return Double.NaN;
        double sum = 0.0;
        for (int i = from; i < ratios.size(); i++) {
            double r = ratios.get(i);
            if (Double.isNaN(r)) return Double.NaN;
            if (r == 0.0) return 0.0;
            sum += Math.log(r);
        }
        return Math.exp(sum / (ratios.size() - from));
    }
}
