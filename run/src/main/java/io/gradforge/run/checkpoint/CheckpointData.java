package io.gradforge.run.checkpoint;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.FeatureScaling;
import io.gradforge.core.data.TaskKind;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a checkpoint's network was trained on, so that it can be applied to new data ({@code gradforge predict}):
 * the feature columns in input order, their standardization (null when the features were used as they are), the
 * task and the class labels (index = class number; empty for regression).
 */
public record CheckpointData(List<String> features, @Nullable FeatureScaling scaling, TaskKind task, List<String> classes) {
    public CheckpointData {
        features = List.copyOf(features);
        Objects.requireNonNull(task, "task");
        classes = List.copyOf(classes);
        if (scaling != null && scaling.columns() != features.size()) {
            throw new IllegalArgumentException("scaling has " + scaling.columns() + " columns but there are "
                    + features.size() + " features.");
        }
    }

    /** The description of {@code data}. */
    public static CheckpointData of(Dataset data) {
        return new CheckpointData(data.featureNames(), data.featureScaling().orElse(null), data.task(), data.classLabels());
    }
}
