package io.gradforge.core.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link CsvDatasets#read} turns a CSV file into a dataset.
 *
 * {@snippet :
 * CsvOptions options = CsvOptions.of("species").withStandardize(true);
 * }
 *
 * @param targetColumn the header name of the target column; every other column is a numeric feature
 * @param task         the task, or null to decide from the target column: all numbers give REGRESSION,
 *                     anything else classification (BINARY for exactly 2 classes, else MULTICLASS)
 * @param standardize  whether to z-score the features with the file's own means and standard deviations
 * @param separator    the field separator (comma by default); not a quote or line break
 */
public record CsvOptions(String targetColumn, @Nullable TaskKind task, boolean standardize, char separator) {
    public CsvOptions {
        Objects.requireNonNull(targetColumn, "targetColumn");
        if (targetColumn.isBlank()) {
            throw new IllegalArgumentException("target column must not be blank but was '" + targetColumn + "'.");
        }
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("separator must not be a quote or line break but was '"
                    + (separator == '"' ? "\"" : separator == '\n' ? "\\n" : "\\r") + "'.");
        }
    }

    /** Comma-separated, task decided from the target column, no standardization. */
    public static CsvOptions of(String targetColumn) {
        return new CsvOptions(targetColumn, null, false, ',');
    }

    /** A copy with the task fixed ({@code null}: decide from the target column). */
    public CsvOptions withTask(@Nullable TaskKind newTask) {
        return new CsvOptions(targetColumn, newTask, standardize, separator);
    }

    public CsvOptions withStandardize(boolean newStandardize) {
        return new CsvOptions(targetColumn, task, newStandardize, separator);
    }

    public CsvOptions withSeparator(char newSeparator) {
        return new CsvOptions(targetColumn, task, standardize, newSeparator);
    }
}
