package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.OptimizerSpec;
import java.util.Map;

/**
 * Optimizers by learning rate, other parameters at the vocabulary's defaults; {@link #of} sets any of them.
 * The no-argument forms use {@link OptimizerSpec#DEFAULT_LEARNING_RATE}, as YAML's bare {@code optimizer: adam}.
 */
public final class Optimizers {

    private Optimizers() {}

    public static OptimizerSpec sgd(double learningRate) {
        return OptimizerSpec.of("sgd", learningRate);
    }

    public static OptimizerSpec momentum(double learningRate) {
        return OptimizerSpec.of("momentum", learningRate);
    }

    public static OptimizerSpec momentum(double learningRate, double momentum) {
        return of("momentum", learningRate, Map.of("momentum", momentum));
    }

    public static OptimizerSpec nesterov(double learningRate) {
        return OptimizerSpec.of("nesterov", learningRate);
    }

    public static OptimizerSpec adam() {
        return adam(OptimizerSpec.DEFAULT_LEARNING_RATE);
    }

    public static OptimizerSpec adam(double learningRate) {
        return OptimizerSpec.of("adam", learningRate);
    }

    public static OptimizerSpec adamw(double learningRate) {
        return OptimizerSpec.of("adamw", learningRate);
    }

    public static OptimizerSpec adamw(double learningRate, double weightDecay) {
        return of("adamw", learningRate, Map.of("weight_decay", weightDecay));
    }

    public static OptimizerSpec rmsprop(double learningRate) {
        return OptimizerSpec.of("rmsprop", learningRate);
    }

    /** Any optimizer with parameters by their YAML keys, e.g. {@code of("adam", 1e-3, Map.of("beta2", 0.99))}. */
    public static OptimizerSpec of(String name, double learningRate, Map<String, Double> parameters) {
        return new OptimizerSpec(name, learningRate, parameters);
    }
}
