package io.gradforge.core.health;

import io.gradforge.core.health.meanfield.MeanField;
import io.gradforge.core.health.meanfield.MeanFieldPrediction;
import io.gradforge.core.health.meanfield.SignalMoments;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Mean-field theory for networks beyond a plain chain of dense layers: stand-alone activation layers, batch norm
 * (training mode) and residual blocks, nested or not. Each layer maps the {@link SignalMoments} of its input to
 * those of its output and multiplies the squared gradient norm going back by a factor:
 * <ul>
 *   <li>dense: {@link MeanField#linear} (factor {@code sigmaW2 = fanIn mean(W^2)}), then its activation
 *       ({@link MeanField#activation}, factor {@code E[phi'(h)^2]});</li>
 *   <li>batch norm: {@link MeanField#batchNorm}, {@link MeanField#batchNormGradientFactor};</li>
 *   <li>residual block {@code y = P x + s F(x)}: moments add, {@code m_y = m_Px + s^2 m_F} (the branch's last
 *       weights are zero-mean and independent of the skip, so the cross term vanishes on average), and so do the
 *       factors, {@code f = f_P + s^2 prod f_branch} (P the identity, factor 1, without a projection).</li>
 * </ul>
 * Layer norm, concatenation and recurrent layers have no theory here: no prediction then. Weights, biases, gamma
 * and beta are read as they are (their second moments), so the prediction is for this network, not its spec.
 */
final class TrunkMeanField {

    /** The prediction for one network: per top-level layer, and between the trunk's dense layers. */
    record Prediction(List<Double> secondMoments, List<Double> ratios, @Nullable MeanFieldPrediction denseFlow) {
    }

    private final int rows;
    private final boolean trackRows;
    /** Gradient factors along the trunk in forward order; a trunk dense layer contributes two (linear, activation). */
    private final List<Double> factors = new ArrayList<>();
    /** Per trunk dense layer: the number of factors before its delta, and its pre-activation second moment. */
    private final List<Integer> densePoints = new ArrayList<>();
    private final List<Double> denseQ = new ArrayList<>();

    private TrunkMeanField(int rows, boolean trackRows) {
        this.rows = rows;
        this.trackRows = trackRows;
    }

    /**
     * The prediction from the network's current parameters and the moments of its input (m, k; see
     * {@link SignalMoments}) on a batch of {@code rows}; all NaN (and no dense flow) when a layer has no theory here,
     * a variance overflows, or the input's moments are unknown (NaN; k only matters before batch norm).
     */
    static Prediction predict(Network network, double inputSecondMoment, double inputRowCovariance, int rows) {
        int n = network.layers().size();
        TrunkMeanField t = new TrunkMeanField(rows, hasBatchNorm(network.layers()));
        List<Double> m = new ArrayList<>(n);
        List<Double> r = new ArrayList<>(n);
        try {
            SignalMoments x = SignalMoments.of(inputSecondMoment, inputRowCovariance);
            for (Layer l : network.layers()) {
                int before = t.factors.size();
                x = t.trunk(l, x);
                m.add(x.secondMoment());
                double f = 1.0;
                for (int i = before; i < t.factors.size(); i++) f *= t.factors.get(i);
                r.add(f);
            }
            return new Prediction(m, r, t.denseFlow(inputSecondMoment));
        } catch (Unsupported | IllegalArgumentException | IllegalStateException e) {
            // no theory for a layer, a variance overflowing, or a batch variance without the row covariance
            List<Double> nan = Collections.nCopies(n, Double.NaN);
            return new Prediction(nan, nan, null);
        }
    }

    /** The chi between consecutive trunk dense deltas: the product of the factors between them. */
    private @Nullable MeanFieldPrediction denseFlow(double inputSecondMoment) {
        if (denseQ.isEmpty()) return null;
        List<Double> chi = new ArrayList<>(denseQ.size() - 1);
        for (int l = 0; l + 1 < densePoints.size(); l++) {
            double c = 1.0;
            for (int i = densePoints.get(l); i < densePoints.get(l + 1); i++) c *= factors.get(i);
            if (!Double.isFinite(c)) return null;
            chi.add(c);
        }
        for (double q : denseQ) if (!Double.isFinite(q)) return null;
        return new MeanFieldPrediction(inputSecondMoment, denseQ, chi);
    }

    /** Propagates a top-level (trunk) layer, recording its factors and the trunk dense deltas. */
    private SignalMoments trunk(Layer l, SignalMoments in) {
        double[] f = new double[2];
        if (l instanceof Dense d) {
            SignalMoments out = dense(d, in, f);
            factors.add(f[0]);
            densePoints.add(factors.size()); // the delta sits between the linear map and the activation
            denseQ.add(MeanField.linear(in, sigmaW2(d), sigmaB2(d)).secondMoment());
            factors.add(f[1]);
            return out;
        }
        SignalMoments out = block(l, in, f);
        factors.add(f[0]);
        if (l instanceof Residual r && r.projection() != null) {
            // the projection's delta is the gradient at the block's output: a trunk point after the block
            densePoints.add(factors.size());
            denseQ.add(MeanField.linear(in, sigmaW2(r.projection()), sigmaB2(r.projection())).secondMoment());
        }
        return out;
    }

    /** A dense layer: its output moments, the linear map's factor in {@code f[0]} and the activation's in f[1]. */
    private SignalMoments dense(Dense d, SignalMoments in, double[] f) {
        SignalMoments h = MeanField.linear(in, sigmaW2(d), sigmaB2(d));
        f[0] = sigmaW2(d);
        f[1] = MeanField.derivativeSecondMoment(GradientHealth.pointwise(d.activation()), h.secondMoment());
        return MeanField.activation(GradientHealth.pointwise(d.activation()), h, trackRows);
    }

    /**
     * Propagates any layer as a whole: its output moments, and its gradient factor in {@code factor[0]}. A variance
     * that overflows fails the moments' validation (IllegalArgumentException).
     */
    private SignalMoments block(Layer l, SignalMoments in, double[] factor) {
        switch (l) {
            case Dense d -> {
                double[] f = new double[2];
                SignalMoments out = dense(d, in, f);
                factor[0] = f[0] * f[1];
                return out;
            }
            case ActivationLayer a -> {
                factor[0] = MeanField.derivativeSecondMoment(GradientHealth.pointwise(a.activation()),
                        in.secondMoment());
                return MeanField.activation(GradientHealth.pointwise(a.activation()), in, trackRows);
            }
            case BatchNorm b -> {
                double gamma2 = meanSquare(b.gamma());
                factor[0] = MeanField.batchNormGradientFactor(in, gamma2, b.eps(), rows);
                return MeanField.batchNorm(in, gamma2, meanSquare(b.beta()), b.eps(), rows);
            }
            case Residual r -> {
                SignalMoments branch = in;
                double branchFactor = 1.0;
                double[] f = new double[1];
                for (Layer inner : r.branch()) {
                    branch = block(inner, branch, f);
                    branchFactor *= f[0];
                }
                Dense p = r.projection();
                SignalMoments skip = p == null ? in : MeanField.linear(in, sigmaW2(p), sigmaB2(p));
                double skipFactor = p == null ? 1.0 : sigmaW2(p);
                double s2 = r.currentScale() * r.currentScale();
                factor[0] = skipFactor + s2 * branchFactor;
                return SignalMoments.of(skip.secondMoment() + s2 * branch.secondMoment(),
                        skip.rowCovariance() + s2 * branch.rowCovariance());
            }
            case LayerNorm n -> throw new Unsupported();
            case ConcatSkip c -> throw new Unsupported();
            case Recurrent c -> throw new Unsupported();
        }
    }

    private static boolean hasBatchNorm(List<Layer> layers) {
        for (Layer l : layers) {
            boolean found = switch (l) {
                case BatchNorm b -> true;
                case Residual r -> hasBatchNorm(r.branch());
                case ConcatSkip c -> hasBatchNorm(c.branch());
                case Dense d -> false;
                case ActivationLayer a -> false;
                case LayerNorm n -> false;
                case Recurrent r -> false;
            };
            if (found) return true;
        }
        return false;
    }

    static double sigmaW2(Dense d) {
        Tensor w = d.weight();
        return d.inputSize() * w.squaredNorm() / w.size();
    }

    static double sigmaB2(Dense d) {
        Tensor b = d.bias();
        return b == null ? 0.0 : meanSquare(b);
    }

    private static double meanSquare(Tensor t) {
        return t.squaredNorm() / t.size();
    }

    /** A layer mean-field theory does not describe here. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }
}
