package io.gradforge.dsl.spec;

import io.gradforge.core.data.IdxOptions;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A classification data set from an IDX images file and labels file (MNIST, Fashion-MNIST; gzipped or not).
 *
 * @param images  the images file, as written in the spec
 * @param labels  the labels file, as written in the spec
 * @param scale   how pixels are scaled
 * @param classes the number of classes, or null for the largest label + 1
 */
public record IdxData(String images, String labels, DataScale scale, @Nullable Integer classes) implements FileData {
    /** The most classes a spec may ask for: as many as core's IDX and NPY readers accept. */
    public static final int MAX_CLASSES = IdxOptions.MAX_CLASSES;

    public IdxData {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scale, "scale");
        if (images.isBlank()) {
            throw new IllegalArgumentException("idx images path must not be empty");
        }
        if (labels.isBlank()) {
            throw new IllegalArgumentException("idx labels path must not be empty");
        }
        checkClasses(classes);
    }

    static void checkClasses(@Nullable Integer classes) {
        if (classes != null && (classes < 2 || classes > MAX_CLASSES)) {
            throw new IllegalArgumentException("classes must be in [2, " + MAX_CLASSES + "] but was " + classes);
        }
    }

    /** Pixels scaled to the unit range, classes from the largest label. */
    public static IdxData of(String images, String labels) {
        return new IdxData(images, labels, DataScale.UNIT, null);
    }

    public IdxData withScale(DataScale newScale) {
        return new IdxData(images, labels, newScale, classes);
    }

    public IdxData withClasses(@Nullable Integer newClasses) {
        return new IdxData(images, labels, scale, newClasses);
    }

    public Path imagesFile(@Nullable Path specFile) {
        return FileData.resolve(images, specFile);
    }

    public Path labelsFile(@Nullable Path specFile) {
        return FileData.resolve(labels, specFile);
    }

    @Override
    public IdxData withPathsResolvedAgainst(@Nullable Path specFile) {
        return new IdxData(imagesFile(specFile).toString(), labelsFile(specFile).toString(), scale, classes);
    }
}
