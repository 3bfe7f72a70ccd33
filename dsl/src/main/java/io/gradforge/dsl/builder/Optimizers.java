package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.OptimizerSpec;
import java.util.Map;

/**
 * Optimizers by learning rate, other parameters at the vocabulary's defaults; {@link #of} sets any of them.
 * The no-argument forms use {@link OptimizerSpec#DEFAULT_LEARNING_RATE}, as YAML's bare {@code optimizer: adam}.
 */
public final class Optimizers {

    private Optimizers() {}

    /** Plain SGD at {@code learningRate} (in [1e-12, 100]), no weight decay. */
    public static OptimizerSpec sgd(double learningRate) {
        return OptimizerSpec.of("sgd", learningRate);
    }

    /** SGD with heavy-ball momentum 0.9 at {@code learningRate}. */
    public static OptimizerSpec momentum(double learningRate) {
        return OptimizerSpec.of("momentum", learningRate);
    }

    /** SGD with heavy-ball {@code momentum} in [0, 1) at {@code learningRate}. */
    public static OptimizerSpec momentum(double learningRate, double momentum) {
        return of("momentum", learningRate, Map.of("momentum", momentum));
    }

    /** SGD with Nesterov momentum 0.9 at {@code learningRate}. */
    public static OptimizerSpec nesterov(double learningRate) {
        return OptimizerSpec.of("nesterov", learningRate);
    }

    /** Adam at learning rate 0.01 (beta1 0.9, beta2 0.999, epsilon 1e-8): the training default. */
    public static OptimizerSpec adam() {
        return adam(OptimizerSpec.DEFAULT_LEARNING_RATE);
    }

    /** Adam at {@code learningRate} (beta1 0.9, beta2 0.999, epsilon 1e-8). */
    public static OptimizerSpec adam(double learningRate) {
        return OptimizerSpec.of("adam", learningRate);
    }

    /** AdamW (decoupled weight decay 0.01) at {@code learningRate}. */
    public static OptimizerSpec adamw(double learningRate) {
        return OptimizerSpec.of("adamw", learningRate);
    }

    /** AdamW at {@code learningRate} with decoupled {@code weightDecay} in [0, 10]. */
    public static OptimizerSpec adamw(double learningRate, double weightDecay) {
        return of("adamw", learningRate, Map.of("weight_decay", weightDecay));
    }

    /** RMSprop at {@code learningRate} (alpha 0.99, epsilon 1e-8). */
    public static OptimizerSpec rmsprop(double learningRate) {
        return OptimizerSpec.of("rmsprop", learningRate);
    }

    /** Any optimizer with parameters by their YAML keys, e.g. {@code of("adam", 1e-3, Map.of("beta2", 0.99))}. */
    public static OptimizerSpec of(String name, double learningRate, Map<String, Double> parameters) {
        return new OptimizerSpec(name, learningRate, parameters);
    }
}
