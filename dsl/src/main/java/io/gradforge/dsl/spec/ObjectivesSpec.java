package io.gradforge.dsl.spec;

import java.util.Objects;

/** What a search optimizes: convergence speed, gradient health and (optionally) size. */
public record ObjectivesSpec(Mode mode, double convergenceWeight, Measure convergenceMeasure,
        double healthWeight, double sizeWeight) {

    /** pareto keeps a front of non-dominated candidates; weighted ranks by the weighted sum. */
    public enum Mode { PARETO, WEIGHTED }

    /** auc: area under the loss curve; steps_to_target: steps until training.target_loss. */
    public enum Measure { AUC, STEPS_TO_TARGET }

    public ObjectivesSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(convergenceMeasure, "convergenceMeasure");
        Rules.WEIGHT.check(convergenceWeight);
        Rules.WEIGHT.check(healthWeight);
        Rules.WEIGHT.check(sizeWeight);
        if (convergenceWeight + healthWeight + sizeWeight == 0) {
            throw new IllegalArgumentException("objectives all have weight 0; give at least one a positive weight");
        }
    }

    /** pareto over convergence (auc) and health, each weight 1, size 0. */
    public static ObjectivesSpec standard() {
        return new ObjectivesSpec(Mode.PARETO, 1, Measure.AUC, 1, 0);
    }
}
