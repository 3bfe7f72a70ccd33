package io.gradforge.core.health.meanfield;

import java.util.Objects;

/**
 * One fully connected layer {@code h = W x + b, x' = phi(h)} as the mean-field theory sees it: weights drawn
 * i.i.d. with variance {@code sigmaW2 / fanIn}, biases with variance {@code sigmaB2}.
 *
 * @param activation {@code phi} and {@code phi'}
 * @param sigmaW2    the weight variance times fan-in, finite and &gt;= 0
 * @param sigmaB2    the bias variance, finite and &gt;= 0 (0 for a bias-free layer)
 */
public record MeanFieldLayer(PointwiseFunction activation, double sigmaW2, double sigmaB2) {

    public MeanFieldLayer {
        Objects.requireNonNull(activation, "activation");
        if (!(sigmaW2 >= 0.0) || Double.isInfinite(sigmaW2)) {
            throw new IllegalArgumentException("sigmaW2 must be finite and >= 0 but was " + sigmaW2 + ".");
        }
        if (!(sigmaB2 >= 0.0) || Double.isInfinite(sigmaB2)) {
            throw new IllegalArgumentException("sigmaB2 must be finite and >= 0 but was " + sigmaB2 + ".");
        }
    }

    /** A layer with the given weight and bias variances. */
    public static MeanFieldLayer of(PointwiseFunction activation, double sigmaW2, double sigmaB2) {
        return new MeanFieldLayer(activation, sigmaW2, sigmaB2);
    }

    /** A bias-free layer. */
    public static MeanFieldLayer of(PointwiseFunction activation, double sigmaW2) {
        return new MeanFieldLayer(activation, sigmaW2, 0.0);
    }
}
