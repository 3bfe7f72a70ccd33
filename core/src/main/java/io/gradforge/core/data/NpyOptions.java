package io.gradforge.core.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link NpyDatasets#read} turns a features array and a targets array into a dataset.
 *
 * {@snippet :
 * NpyOptions options = NpyOptions.of().withTargets(NpyOptions.Targets.CLASSIFICATION).withClasses(10);
 * }
 *
 * @param targets what the targets are
 * @param scale   how feature values are scaled ({@link InputScale#STANDARDIZE} by default, like CSV)
 * @param classes the number of classes, labels must lie in [0, classes) (null: the largest label + 1);
 *                setting it implies classification
 */
public record NpyOptions(Targets targets, InputScale scale, @Nullable Integer classes) {
    /** What the targets array holds. */
    public enum Targets {
        /** Class numbers when the targets are a 1-D array (or N x 1) of an integer or bool dtype; else regression. */
        AUTO,
        /** Real values: N targets, or N x K. */
        REGRESSION,
        /** Class numbers 0, 1, ... (whole numbers in any dtype); 2 classes make a BINARY dataset, more MULTICLASS. */
        CLASSIFICATION
    }

    public NpyOptions {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(scale, "scale");
        IdxOptions.checkClasses(classes);
        if (classes != null && targets == Targets.REGRESSION) {
            throw new IllegalArgumentException("classes apply to classification targets but targets were REGRESSION"
                    + " (classes " + classes + ").");
        }
    }

    /** Targets decided from the array, features standardized, classes from the largest label. */
    public static NpyOptions of() {
        return new NpyOptions(Targets.AUTO, InputScale.STANDARDIZE, null);
    }

    public NpyOptions withTargets(Targets newTargets) {
        return new NpyOptions(newTargets, scale, classes);
    }

    public NpyOptions withScale(InputScale newScale) {
        return new NpyOptions(targets, newScale, classes);
    }

    /** A copy with the number of classes fixed ({@code null}: the largest label + 1). */
    public NpyOptions withClasses(@Nullable Integer newClasses) {
        return new NpyOptions(targets, scale, newClasses);
    }
}
