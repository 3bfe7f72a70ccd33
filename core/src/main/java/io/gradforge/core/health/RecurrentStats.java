package io.gradforge.core.health;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gradient health through time of one {@link io.gradforge.core.nn.Recurrent} layer after a forward and backward
 * pass: how the gradient reaching the hidden state h_k fades (or grows) with the distance from the step where the
 * loss enters, and how saturated the gates are. The gradient from step t back to step k is a product of t-k
 * step Jacobians (Hochreiter 1991; Bengio et al. 1994), so a steady factor per step shows as a straight line
 * of log ||dL/dh_k|| against t-k.
 *
 * <p>{@code gradNorms[d]} is {@code ||dL/dh_{T-d}||}, d = 0 .. T-1 (d = 0 the last step), each the L2 norm of
 * one row's H values averaged over the rows of the batch. The decay rate is fitted by least squares of
 * {@code log10 gradNorms[d]} on d over the finite positive norms (a norm that underflowed to 0 is left out),
 * {@code decayPerStep = 10^slope}; {@code attenuationDecades = -(T - 1) slope}, the fitted change over the whole
 * sequence, positive when the gradient fades going back. The fit, unlike the two end points alone, is not moved
 * by one odd step (e.g. a marker input at the first step).
 *
 * <p>When the layer returns only its last state, the loss enters at step T alone and the profile is the
 * propagation through time itself; the {@link HealthFlag}s through time judge only such layers. A layer that
 * returns the whole sequence receives gradient at every step (from the layer above, or from a loss on every step),
 * so its profile mixes near and far contributions; it is shown, not judged.
 *
 * @param name               the layer's name in its network ("1")
 * @param cell               the cell's name: "rnn_tanh", "rnn_relu", "lstm" or "gru"
 * @param steps              T
 * @param hidden             H
 * @param lossAtLastStep     whether the gradient enters at the last step only (the layer returns its last state)
 * @param gradNorms          {@code ||dL/dh_{T-d}||}, mean over rows, d = 0 .. T-1 (copied)
 * @param decayPerStep       the fitted geometric factor per step going back (NaN with fewer than 2 positive norms)
 * @param attenuationDecades {@code -(T-1) log10(decayPerStep)}: positive when fading going back (NaN as above)
 * @param maxSingularValue   the largest singular value of W_hh for an rnn cell (Pascanu et al. 2013: below
 *                           1/gamma, gamma = 1 for tanh and relu, the gradient must vanish; above it, it can
 *                           explode); NaN for a gated cell, whose step Jacobian is not bounded by W_hh alone
 * @param gates              per gate, the share of activations near the ends of its range (see {@link GateStats});
 *                           for an rnn_tanh the state h itself, for an rnn_relu none
 * @param recurrentInit      the recurrent initializer ("orthogonal", "identity", with a non-default parameter
 *                           "orthogonal(0.5)" ...): the remedies' words leave out what is in use
 * @param clipped            whether the training clips gradients (false when not told), for the same reason
 * @param truncation         how many steps back the layer's truncated BPTT reaches (its k2), or 0 for full BPTT:
 *                           the remedies then ask for fewer steps than that, not for truncation
 */
public record RecurrentStats(String name, String cell, int steps, int hidden, boolean lossAtLastStep,
                             double[] gradNorms, double decayPerStep, double attenuationDecades,
                             double maxSingularValue, List<GateStats> gates, String recurrentInit, boolean clipped,
                             int truncation) {

    /** A gate value within this of an end of its range counts as near it: sigmoid below 0.05 or above 0.95, tanh beyond &plusmn;0.95. */
    public static final double GATE_MARGIN = 0.05;

    /** The bound gamma on |phi'| of an rnn's activation in Pascanu et al.'s condition: 1 for tanh and relu. */
    public static final double GAMMA = 1.0;

    public RecurrentStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(gradNorms, "gradNorms");
        Objects.requireNonNull(recurrentInit, "recurrentInit");
        gates = List.copyOf(gates);
        if (steps < 1 || hidden < 1) {
            throw new IllegalArgumentException("steps and units must be >= 1 but were " + steps + " and " + hidden
                    + ".");
        }
        if (gradNorms.length != steps) {
            throw new IllegalArgumentException("expected " + steps + " gradient norms (one a step) but was "
                    + gradNorms.length + ".");
        }
        gradNorms = gradNorms.clone();
    }

    /**
     * The share of one gate's values (over every unit, row and step of the batch) near each end of its range.
     *
     * @param gate     "i", "f", "g", "o" (LSTM), "r", "z", "n" (GRU), or "h" (an rnn_tanh's state)
     * @param function "sigmoid" (range 0..1) or "tanh" (range -1..1)
     * @param nearLow  share below 0 + {@link #GATE_MARGIN} (sigmoid) or -1 + {@link #GATE_MARGIN} (tanh)
     * @param nearHigh share above 1 - {@link #GATE_MARGIN}
     */
    public record GateStats(String gate, String function, double nearLow, double nearHigh) {
        public GateStats {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(function, "function");
            if (!(nearLow >= 0 && nearHigh >= 0 && nearLow + nearHigh <= 1 + 1e-12)) {
                throw new IllegalArgumentException("gate shares must be in [0, 1] with a sum of at most 1 but were "
                        + nearLow + " and " + nearHigh + ".");
            }
        }

        /** The share near either end: the saturated share, whose derivative is near 0. */
        public double saturation() {
            return nearLow + nearHigh;
        }
    }

    @Override
    public double[] gradNorms() {
        return gradNorms.clone();
    }

    /** {@code ||dL/dh_{T-d}||}, the norm at distance d from the last step. */
    public double gradNorm(int d) {
        return gradNorms[d];
    }

    /** The gate named {@code gate}, or null. */
    public @Nullable GateStats gate(String gate) {
        for (GateStats g : gates) {
            if (g.gate().equals(gate)) return g;
        }
        return null;
    }

    /** Whether this is an LSTM or a GRU. */
    public boolean gated() {
        return cell.equals("lstm") || cell.equals("gru");
    }

    /** Whether this is an rnn cell (tanh or relu), for which Pascanu et al.'s bound applies. */
    public boolean plainRnn() {
        return cell.startsWith("rnn");
    }

    /** Whether every norm is finite (no overflow or NaN in backward). */
    public boolean finite() {
        for (double v : gradNorms) {
            if (!Double.isFinite(v)) return false;
        }
        return true;
    }

    /** The largest norm (NaN when one is NaN). */
    public double maxGradNorm() {
        double m = 0.0;
        for (double v : gradNorms) m = Double.isNaN(v) ? Double.NaN : Math.max(m, v);
        return m;
    }

    /**
     * The least-squares slope of {@code log10 norms[d]} on d over the finite positive norms, or NaN with fewer than
     * two of them.
     */
    static double logSlope(double[] norms) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int d = 0; d < norms.length; d++) {
            double v = norms[d];
            if (!(v > 0) || !Double.isFinite(v)) continue;
            double y = Math.log10(v);
            n++;
            sx += d;
            sy += y;
            sxx += (double) d * d;
            sxy += d * y;
        }
        double den = n * sxx - sx * sx;
        return n < 2 || den == 0 ? Double.NaN : (n * sxy - sx * sy) / den;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecurrentStats r && name.equals(r.name) && cell.equals(r.cell) && steps == r.steps
                && hidden == r.hidden && lossAtLastStep == r.lossAtLastStep
                && Arrays.equals(gradNorms, r.gradNorms)
                && Double.compare(decayPerStep, r.decayPerStep) == 0
                && Double.compare(attenuationDecades, r.attenuationDecades) == 0
                && Double.compare(maxSingularValue, r.maxSingularValue) == 0 && gates.equals(r.gates)
                && recurrentInit.equals(r.recurrentInit) && clipped == r.clipped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, cell, steps, Arrays.hashCode(gradNorms), decayPerStep, gates);
    }

    @Override
    public String toString() {
        return "RecurrentStats[" + name + " " + cell + " T=" + steps + " decay/step " + decayPerStep + ", "
                + attenuationDecades + " decades, sigma_max " + maxSingularValue + ", gates " + gates + "]";
    }
}
