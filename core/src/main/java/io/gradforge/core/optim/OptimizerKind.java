package io.gradforge.core.optim;

/** The update rules an {@link Optimizer} can apply. All follow PyTorch's conventions. */
public enum OptimizerKind {
    /** Plain stochastic gradient descent: {@code p -= lr * g}. */
    SGD,
    /** Heavy-ball momentum: {@code v = mu * v + g; p -= lr * v}. */
    MOMENTUM,
    /** Nesterov momentum: {@code v = mu * v + g; p -= lr * (g + mu * v)}. */
    NESTEROV,
    /** Adam with bias correction; weight decay, if any, is coupled (added to the gradient). */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter 2019): {@code p -= lr * wd * p}. */
    ADAMW,
    /** RMSProp: {@code s = alpha * s + (1 - alpha) * g^2; p -= lr * g / (sqrt(s) + eps)}. */
    RMSPROP
}
