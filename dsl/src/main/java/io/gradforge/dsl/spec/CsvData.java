package io.gradforge.dsl.spec;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Data from a CSV file. {@code path} is kept as written; a relative path means relative to the spec
 * file's directory ({@link #resolveAgainst(Path)}).
 */
public record CsvData(String path, String target, CsvTask task, boolean standardize) implements DataSpec {
    public CsvData {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(task, "task");
        if (path.isBlank()) {
            throw new IllegalArgumentException("csv path must not be empty");
        }
        if (target.isBlank()) {
            throw new IllegalArgumentException("csv target column must not be empty");
        }
    }

    public static CsvData of(String path, String target) {
        return new CsvData(path, target, CsvTask.AUTO, true);
    }

    /** The file this names, relative paths taken against the directory of {@code specFile}. */
    public Path resolveAgainst(@Nullable Path specFile) {
        Path p = Path.of(path);
        if (p.isAbsolute() || specFile == null) {
            return p;
        }
        Path dir = specFile.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }

    /** This data with {@code path} replaced. */
    public CsvData withPath(String path) {
        return new CsvData(path, target, task, standardize);
    }
}
