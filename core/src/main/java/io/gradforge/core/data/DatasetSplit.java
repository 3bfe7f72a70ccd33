package io.gradforge.core.data;

import java.util.Objects;

/** A dataset divided into a training part and a validation part (see {@link Dataset#split(double, long)}). */
public record DatasetSplit(Dataset train, Dataset validation) {
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** How many of {@code size} rows {@link Dataset#split} puts in the validation part: the rounded fraction. */
    public static int validationRows(int size, double validationFraction) {
        return (int) Math.round(size * validationFraction);
    }
}
