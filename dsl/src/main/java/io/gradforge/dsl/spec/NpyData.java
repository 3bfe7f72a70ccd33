package io.gradforge.dsl.spec;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A data set from NumPy {@code .npy} files: features ({@code N}, {@code N x F}, or more dimensions flattened per
 * row) and targets ({@code N} class numbers, or {@code N} / {@code N x K} real values).
 *
 * @param features the features file, as written in the spec
 * @param targets  the targets file, as written in the spec
 * @param task     auto: class numbers when the targets are 1-D integers or booleans, else regression
 * @param scale    how features are scaled
 * @param classes  the number of classes (implies classification), or null for the largest label + 1
 */
public record NpyData(String features, String targets, CsvTask task, DataScale scale, @Nullable Integer classes)
        implements FileData {
    public NpyData {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(scale, "scale");
        if (features.isBlank()) {
            throw new IllegalArgumentException("npy features path must not be empty");
        }
        if (targets.isBlank()) {
            throw new IllegalArgumentException("npy targets path must not be empty");
        }
        IdxData.checkClasses(classes);
        if (classes != null && task == CsvTask.REGRESSION) {
            throw new IllegalArgumentException("classes apply to classification but task is regression (classes "
                    + classes + ")");
        }
    }

    /** Task decided from the targets' dtype, features standardized, classes from the largest label. */
    public static NpyData of(String features, String targets) {
        return new NpyData(features, targets, CsvTask.AUTO, DataScale.STANDARDIZE, null);
    }

    public NpyData withTask(CsvTask newTask) {
        return new NpyData(features, targets, newTask, scale, classes);
    }

    public NpyData withScale(DataScale newScale) {
        return new NpyData(features, targets, task, newScale, classes);
    }

    public NpyData withClasses(@Nullable Integer newClasses) {
        return new NpyData(features, targets, task, scale, newClasses);
    }

    public Path featuresFile(@Nullable Path specFile) {
        return FileData.resolve(features, specFile);
    }

    public Path targetsFile(@Nullable Path specFile) {
        return FileData.resolve(targets, specFile);
    }

    @Override
    public NpyData withPathsResolvedAgainst(@Nullable Path specFile) {
        return new NpyData(featuresFile(specFile).toString(), targetsFile(specFile).toString(), task, scale, classes);
    }
}
