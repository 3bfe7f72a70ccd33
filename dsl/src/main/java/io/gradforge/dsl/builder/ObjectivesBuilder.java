package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.ObjectivesSpec.Measure;
import io.gradforge.dsl.spec.ObjectivesSpec.Mode;
import java.util.Objects;

/** What a search optimizes; starts at {@link ObjectivesSpec#standard()} (pareto, auc 1, health 1, size 0). */
@GradforgeDsl
public final class ObjectivesBuilder {

    private Mode mode;
    private double convergenceWeight;
    private Measure convergenceMeasure;
    private double healthWeight;
    private double sizeWeight;

    ObjectivesBuilder() {
        ObjectivesSpec s = ObjectivesSpec.standard();
        mode = s.mode();
        convergenceWeight = s.convergenceWeight();
        convergenceMeasure = s.convergenceMeasure();
        healthWeight = s.healthWeight();
        sizeWeight = s.sizeWeight();
    }

    /** How the objectives combine. */
    public Mode getMode() {
        return mode;
    }

    /** {@code PARETO} (default: a front of non-dominated candidates) or {@code WEIGHTED} (one weighted sum). */
    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The weight of convergence speed. */
    public double getConvergenceWeight() {
        return convergenceWeight;
    }

    /** The weight of convergence speed, in [0, 1e6] (default 1; 0 drops the objective). */
    public void setConvergenceWeight(double convergenceWeight) {
        this.convergenceWeight = convergenceWeight;
    }

    /** How convergence is measured. */
    public Measure getConvergenceMeasure() {
        return convergenceMeasure;
    }

    /**
     * {@code AUC} (default: area under the loss curve) or {@code STEPS_TO_TARGET} (needs a target loss in training).
     */
    public void setConvergenceMeasure(Measure convergenceMeasure) {
        this.convergenceMeasure = Objects.requireNonNull(convergenceMeasure, "convergenceMeasure");
    }

    /** The weight of gradient health. */
    public double getHealthWeight() {
        return healthWeight;
    }

    /** The weight of gradient health, in [0, 1e6] (default 1; 0 drops the objective). */
    public void setHealthWeight(double healthWeight) {
        this.healthWeight = healthWeight;
    }

    /** The weight of network size. */
    public double getSizeWeight() {
        return sizeWeight;
    }

    /** The weight of small size (fewer parameters score higher), in [0, 1e6] (default 0, off). */
    public void setSizeWeight(double sizeWeight) {
        this.sizeWeight = sizeWeight;
    }

    ObjectivesSpec build() {
        return new ObjectivesSpec(mode, convergenceWeight, convergenceMeasure, healthWeight, sizeWeight);
    }
}
