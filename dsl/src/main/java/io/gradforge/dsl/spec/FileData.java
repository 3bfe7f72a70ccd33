package io.gradforge.dsl.spec;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Data read from files. Paths are kept as written; a relative path means relative to the directory of the spec
 * file that names it, so a spec finds its data from any working directory.
 */
public sealed interface FileData extends DataSpec permits CsvData, IdxData, NpyData {

    /**
     * This with every relative path made absolute against the directory of {@code specFile} (this itself when
     * {@code specFile} is null or every path is already absolute), for a copy of the spec written elsewhere.
     */
    FileData withPathsResolvedAgainst(@Nullable Path specFile);

    /** {@code path} as a file: relative paths taken against the directory of {@code specFile}. */
    static Path resolve(String path, @Nullable Path specFile) {
        Path p = Path.of(path);
        if (p.isAbsolute() || specFile == null) {
            return p;
        }
        Path dir = specFile.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }
}
