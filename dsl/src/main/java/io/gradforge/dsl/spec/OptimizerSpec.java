package io.gradforge.dsl.spec;

import java.util.Map;

/** An optimizer by canonical name, its learning rate and every other parameter filled in. */
public record OptimizerSpec(String name, double learningRate, Map<String, Double> parameters) {
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    public OptimizerSpec {
        Rules.LEARNING_RATE.check(learningRate);
        var c = Vocabulary.OPTIMIZERS.canonicalize(name, parameters);
        name = c.name();
        parameters = c.parameters();
    }

    public static OptimizerSpec of(String name, double learningRate) {
        return new OptimizerSpec(name, learningRate, Map.of());
    }

    public OptimizerSpec withLearningRate(double learningRate) {
        return new OptimizerSpec(name, learningRate, parameters);
    }
}
