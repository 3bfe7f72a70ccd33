package io.gradforge.core.health;

/**
 * One top-level layer of a network (the trunk: a residual block counts as one) as one forward and backward pass
 * measured it and as mean-field theory predicts it. Ratios are {@code ||g_in||^2 / ||g_out||^2}, the squared
 * gradient norm at the layer's input over that at its output: &gt; 1 when the gradient grows going back. A residual
 * block's ratio is the trunk's per-block rate ({@code 1 + s^2 * branch} with an identity skip).
 *
 * @param index                 0-based position among the top-level layers
 * @param name                  the layer's name in the network
 * @param kind                  "dense", "activation", "batch_norm", "layer_norm", "residual", "concat" or "recurrent"
 * @param width                 output features
 * @param secondMoment          measured mean square of the output over the probe batch (NaN when not measured)
 * @param predictedSecondMoment mean-field {@code E[y^2]} of the output (NaN where theory does not apply)
 * @param ratio                 measured gradient ratio (NaN when not measured, e.g. during training)
 * @param predictedRatio        mean-field gradient ratio (NaN where theory does not apply)
 */
public record TrunkStage(int index, String name, String kind, int width, double secondMoment,
                         double predictedSecondMoment, double ratio, double predictedRatio) {

    public TrunkStage {
        if (index < 0) throw new IllegalArgumentException("index must be >= 0 but was " + index + ".");
        if (width < 1) throw new IllegalArgumentException("width must be >= 1 but was " + width + ".");
    }

    /** Whether this stage is a residual block. */
    public boolean residual() {
        return kind.equals("residual");
    }
}
