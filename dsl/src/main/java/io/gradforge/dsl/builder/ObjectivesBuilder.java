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

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public double getConvergenceWeight() {
        return convergenceWeight;
    }

    public void setConvergenceWeight(double convergenceWeight) {
        this.convergenceWeight = convergenceWeight;
    }

    public Measure getConvergenceMeasure() {
        return convergenceMeasure;
    }

    public void setConvergenceMeasure(Measure convergenceMeasure) {
        this.convergenceMeasure = Objects.requireNonNull(convergenceMeasure, "convergenceMeasure");
    }

    public double getHealthWeight() {
        return healthWeight;
    }

    public void setHealthWeight(double healthWeight) {
        this.healthWeight = healthWeight;
    }

    public double getSizeWeight() {
        return sizeWeight;
    }

    public void setSizeWeight(double sizeWeight) {
        this.sizeWeight = sizeWeight;
    }

    ObjectivesSpec build() {
        return new ObjectivesSpec(mode, convergenceWeight, convergenceMeasure, healthWeight, sizeWeight);
    }
}
