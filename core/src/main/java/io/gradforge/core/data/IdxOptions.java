package io.gradforge.core.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link IdxDatasets#read} turns an images file and a labels file into a classification dataset.
 *
 * {@snippet :
 * IdxOptions options = IdxOptions.of().withScale(InputScale.STANDARDIZE).withClasses(10);
 * }
 *
 * @param scale   how pixel values are scaled ({@link InputScale#UNIT} by default: unsigned bytes / 255)
 * @param classes the number of classes, labels must lie in [0, classes); null: the largest label + 1
 */
public record IdxOptions(InputScale scale, @Nullable Integer classes) {
    /** The most classes a labels file may imply or an option may ask for, in IDX and NPY files alike. */
    public static final int MAX_CLASSES = 10_000;

    public IdxOptions {
        Objects.requireNonNull(scale, "scale");
        checkClasses(classes);
    }

    static void checkClasses(@Nullable Integer classes) {
        if (classes != null && (classes < 2 || classes > MAX_CLASSES)) {
            throw new IllegalArgumentException("classes must be in [2, " + MAX_CLASSES + "] but was " + classes + ".");
        }
    }

    /** Pixels scaled to the unit range, classes from the largest label. */
    public static IdxOptions of() {
        return new IdxOptions(InputScale.UNIT, null);
    }

    public IdxOptions withScale(InputScale newScale) {
        return new IdxOptions(newScale, classes);
    }

    /** A copy with the number of classes fixed ({@code null}: the largest label + 1). */
    public IdxOptions withClasses(@Nullable Integer newClasses) {
        return new IdxOptions(scale, newClasses);
    }
}
