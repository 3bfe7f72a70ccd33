package io.gradforge.core.optim;

import java.util.Objects;

/**
 * The immutable description of an optimizer; {@link #create()} makes the mutable {@link Optimizer} that holds
 * the moment buffers. Every field is validated whatever the kind, so a config is valid whichever kind it is
 * later switched to with {@link #withKind(OptimizerKind)}; fields a kind does not use keep their defaults.
 *
 * <p>{@code weightDecay} is L2 regularization coupled into the gradient ({@code g += wd * p}) for every kind
 * except {@link OptimizerKind#ADAMW}, where it is decoupled ({@code p -= lr * wd * p}).
 *
 * {@snippet :
 * Optimizer opt = OptimizerConfig.adamW(0.01).withBetas(0.9, 0.98).create();
 * opt.step(network.parameters(), 1e-3);
 * }
 *
 * @param kind        the update rule
 * @param momentum    momentum factor mu in [0, 1) for MOMENTUM/NESTEROV (must be 0 for every other kind, and
 *                    positive for NESTEROV)
 * @param beta1       Adam's first-moment decay in [0, 1)
 * @param beta2       Adam's second-moment decay in [0, 1)
 * @param epsilon     added to the root of the second moment (Adam, AdamW, RMSProp); positive
 * @param weightDecay non-negative weight decay (see above)
 * @param rmsAlpha    RMSProp's squared-gradient decay in [0, 1)
 */
public record OptimizerConfig(
        OptimizerKind kind,
        double momentum,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double rmsAlpha) {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    public static final double DEFAULT_RMS_ALPHA = 0.99;

    public OptimizerConfig {
        Objects.requireNonNull(kind, "kind");
        requireUnitInterval("momentum", momentum);
        requireUnitInterval("beta1", beta1);
        requireUnitInterval("beta2", beta2);
        requireUnitInterval("rmsAlpha", rmsAlpha);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite but was " + epsilon + ".");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite but was " + weightDecay + ".");
        }
        boolean usesMomentum = kind == OptimizerKind.MOMENTUM || kind == OptimizerKind.NESTEROV;
        if (!usesMomentum && momentum != 0) {
            throw new IllegalArgumentException(kind + " has no momentum (use MOMENTUM or NESTEROV) but momentum was "
                    + momentum + ".");
        }
        if (kind == OptimizerKind.NESTEROV && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum must be positive but was " + momentum + ".");
        }
    }

    private static void requireUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1) but was " + value + ".");
        }
    }

    /** Plain SGD. */
    public static OptimizerConfig sgd() {
        return of(OptimizerKind.SGD, 0);
    }

    /** Heavy-ball momentum (PyTorch convention, no dampening). */
    public static OptimizerConfig momentum(double momentum) {
        return of(OptimizerKind.MOMENTUM, momentum);
    }

    /** Nesterov momentum (PyTorch convention). */
    public static OptimizerConfig nesterov(double momentum) {
        return of(OptimizerKind.NESTEROV, momentum);
    }

    /** Adam with beta1 = 0.9, beta2 = 0.999, eps = 1e-8 and no weight decay. */
    public static OptimizerConfig adam() {
        return of(OptimizerKind.ADAM, 0);
    }

    /** AdamW (Adam's defaults) with decoupled weight decay {@code weightDecay}. */
    public static OptimizerConfig adamW(double weightDecay) {
        return of(OptimizerKind.ADAMW, 0).withWeightDecay(weightDecay);
    }

    /** RMSProp with alpha = 0.99, eps = 1e-8. */
    public static OptimizerConfig rmsProp() {
        return of(OptimizerKind.RMSPROP, 0);
    }

    private static OptimizerConfig of(OptimizerKind kind, double momentum) {
        return new OptimizerConfig(kind, momentum, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0, DEFAULT_RMS_ALPHA);
    }

    /** A copy of another kind; momentum is reset to 0 unless the new kind uses it (then it must be set). */
    public OptimizerConfig withKind(OptimizerKind newKind) {
        boolean usesMomentum = newKind == OptimizerKind.MOMENTUM || newKind == OptimizerKind.NESTEROV;
        return new OptimizerConfig(newKind, usesMomentum ? momentum : 0, beta1, beta2, epsilon, weightDecay, rmsAlpha);
    }

    public OptimizerConfig withMomentum(double newMomentum) {
        return new OptimizerConfig(kind, newMomentum, beta1, beta2, epsilon, weightDecay, rmsAlpha);
    }

    public OptimizerConfig withBetas(double newBeta1, double newBeta2) {
        return new OptimizerConfig(kind, momentum, newBeta1, newBeta2, epsilon, weightDecay, rmsAlpha);
    }

    public OptimizerConfig withEpsilon(double newEpsilon) {
        return new OptimizerConfig(kind, momentum, beta1, beta2, newEpsilon, weightDecay, rmsAlpha);
    }

    public OptimizerConfig withWeightDecay(double newWeightDecay) {
        return new OptimizerConfig(kind, momentum, beta1, beta2, epsilon, newWeightDecay, rmsAlpha);
    }

    public OptimizerConfig withRmsAlpha(double newRmsAlpha) {
        return new OptimizerConfig(kind, momentum, beta1, beta2, epsilon, weightDecay, newRmsAlpha);
    }

    /** A fresh optimizer with no state; its buffers are allocated on the first {@link Optimizer#step}. */
    public Optimizer create() {
        return new Optimizer(this);
    }
}
