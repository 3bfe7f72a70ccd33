package io.gradforge.dsl.spec;

import java.util.Objects;

/** How long to train: a number of optimizer steps or of epochs (exactly one). */
public record TrainingLength(Unit unit, long count) {
    public enum Unit { STEPS, EPOCHS }

    public TrainingLength {
        Objects.requireNonNull(unit, "unit");
        (unit == Unit.STEPS ? Rules.STEPS : Rules.EPOCHS).check(count);
    }

    public static TrainingLength steps(long steps) {
        return new TrainingLength(Unit.STEPS, steps);
    }

    public static TrainingLength epochs(long epochs) {
        return new TrainingLength(Unit.EPOCHS, epochs);
    }
}
