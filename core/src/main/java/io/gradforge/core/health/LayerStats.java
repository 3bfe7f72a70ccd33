package io.gradforge.core.health;

import java.util.Objects;

/**
 * Gradient-health measurements of one probed unit of a network after a forward and backward pass in training
 * mode: every {@link io.gradforge.core.nn.Dense} (in {@link io.gradforge.core.nn.Network#denseLayers()} order)
 * and, between them, every stand-alone {@link io.gradforge.core.nn.ActivationLayer} (which has no weights: its
 * weight and gradient fields are NaN). Norms are Frobenius norms over the whole batch.
 *
 * <table>
 *   <caption>fields that do not apply are NaN</caption>
 *   <tr><th>field</th><th>meaning</th><th>NaN when</th></tr>
 *   <tr><td>weightGradNorm</td><td>||dL/dW||</td><td>activation layer</td></tr>
 *   <tr><td>deltaNorm</td><td>||dL/dh||, h the pre-activation, over the batch</td><td>activation layer</td></tr>
 *   <tr><td>activationMean, activationStd</td><td>mean and (population) standard deviation of all
 *       outputs phi(h) of the batch</td><td>never</td></tr>
 *   <tr><td>saturationFraction</td><td>fraction of outputs in the flat tails: tanh {@code |y| > 0.99}; sigmoid
 *       {@code y < 0.01 or y > 0.99}</td><td>any other activation</td></tr>
 *   <tr><td>deadFraction</td><td>fraction of units with {@code h <= 0} (output and gradient exactly 0) for every
 *       row of the batch</td><td>any activation but relu (leaky/elu/selu units pass gradient for h &lt; 0)</td></tr>
 *   <tr><td>expectedDeadFraction</td><td>the dead fraction a unit with fresh zero-bias Gaussian weights would have
 *       on the same layer inputs (the rows of a deep relu network become nearly parallel, so many units are off for
 *       a whole batch by chance: {@link HealthFlag#DEAD_UNITS} counts only what exceeds this)</td><td>not a dense
 *       relu layer, or its dead fraction is at most {@link HealthFlag#DEAD_FRACTION} (not computed)</td></tr>
 *   <tr><td>updateRatio</td><td>||step W|| / ||W|| of this step's update, W before it</td><td>at init; activation layer</td></tr>
 *   <tr><td>relativeChangeSinceInit</td><td>||W - W0|| / ||W0||</td><td>activation layer; W0 = 0
 *       (0 at init)</td></tr>
 *   <tr><td>weightNorm</td><td>||W||</td><td>activation layer</td></tr>
 * </table>
 *
 * @param index      position among the probed units, 0-based, forward order
 * @param denseIndex position in {@code Network.denseLayers()}, or -1 for an activation layer
 * @param name       the layer's name in its network ("3", "5.branch.1")
 * @param kind       what was probed
 * @param inBranch   whether the unit sits inside a residual or concatenation branch (off the trunk; such
 *                   layers are left out of {@link GradientFlow}: a branch scaled by 0, as ReZero starts, has
 *                   deltas of exactly 0 by design)
 * @param width      output units
 * @param activation the activation's YAML name, e.g. "relu"
 */
public record LayerStats(
        int index,
        int denseIndex,
        String name,
        Kind kind,
        boolean inBranch,
        int width,
        String activation,
        double weightGradNorm,
        double deltaNorm,
        double activationMean,
        double activationStd,
        double saturationFraction,
        double deadFraction,
        double expectedDeadFraction,
        double updateRatio,
        double relativeChangeSinceInit,
        double weightNorm) {

    /** Activation saturation threshold for tanh: {@code |tanh(h)| > 0.99}. */
    public static final double TANH_SATURATION = 0.99;
    /** Sigmoid saturation: output below 0.01 or above 0.99. */
    public static final double SIGMOID_SATURATION = 0.01;

    /** What kind of layer a {@link LayerStats} describes. */
    public enum Kind {
        /** A dense layer: weights, deltas and activation statistics. */
        DENSE,
        /** A stand-alone activation layer: activation statistics only. */
        ACTIVATION
    }

    public LayerStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(activation, "activation");
        if (index < 0) {
            throw new IllegalArgumentException("layer index must be >= 0 but was " + index + ".");
        }
        if (kind == Kind.DENSE ? denseIndex < 0 : denseIndex != -1) {
            throw new IllegalArgumentException("dense index of a " + kind + " layer cannot be " + denseIndex + ".");
        }
        if (width < 1) {
            throw new IllegalArgumentException("layer width must be >= 1 but was " + width + ".");
        }
        requireFraction("saturationFraction", saturationFraction);
        requireFraction("deadFraction", deadFraction);
        requireFraction("expectedDeadFraction", expectedDeadFraction);
    }

    /** Whether this is a dense layer. */
    public boolean isDense() {
        return kind == Kind.DENSE;
    }

    /** Whether this is a dense layer on the trunk (not inside a block's branch): part of {@link GradientFlow}. */
    public boolean onTrunk() {
        return kind == Kind.DENSE && !inBranch;
    }

    /** Whether saturation applies (sigmoid or tanh). */
    public boolean saturates() {
        return !Double.isNaN(saturationFraction);
    }

    /** Whether dead units apply (relu). */
    public boolean canDie() {
        return !Double.isNaN(deadFraction);
    }

    /**
     * Whether more of this relu layer's units are dead than {@link HealthFlag#DEAD_FRACTION} and than chance explains
     * (the rule of {@link HealthFlag#DEAD_UNITS}): the excess over {@link #expectedDeadFraction()} must pass
     * {@link #deadMargin()}. False for layers that cannot die.
     */
    public boolean deadBeyondChance() {
        return canDie() && deadFraction > HealthFlag.DEAD_FRACTION && deadExcess() > deadMargin();
    }

    /** The dead fraction above the chance level (all of it when the chance level was not computed). */
    double deadExcess() {
        return deadFraction - (Double.isNaN(expectedDeadFraction) ? 0.0 : expectedDeadFraction);
    }

    /**
     * {@link HealthFlag#DEAD_EXCESS} or three binomial standard deviations of the dead fraction around the chance
     * level, whichever is larger: 26 points for 32 units at a chance level of 50%.
     */
    double deadMargin() {
        double e = Double.isNaN(expectedDeadFraction) ? 0.0 : expectedDeadFraction;
        return Math.max(HealthFlag.DEAD_EXCESS, 3.0 * Math.sqrt(e * (1.0 - e) / width));
    }

    /** A copy with the optimizer-side fields replaced. */
    public LayerStats withWeights(double newUpdateRatio, double newRelativeChange, double newWeightNorm) {
        return new LayerStats(index, denseIndex, name, kind, inBranch, width, activation, weightGradNorm, deltaNorm,
                activationMean, activationStd, saturationFraction, deadFraction, expectedDeadFraction, newUpdateRatio, newRelativeChange,
                newWeightNorm);
    }

    private static void requireFraction(String what, double v) {
        if (!Double.isNaN(v) && !(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1] or NaN but was " + v + ".");
        }
    }
}
