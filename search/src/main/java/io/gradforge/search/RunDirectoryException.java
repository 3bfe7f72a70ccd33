package io.gradforge.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run directory that cannot be used as asked: a damaged journal line, a directory another search holds, a
 * directory that is not a run, a spec that differs from the run's. The message names the file (and the line),
 * what is wrong and what to do, compiler-style: {@code runs/qs/journal.jsonl:12: unknown status 'BOGUS' ...}.
 * It is bad input, never a failed run: the CLI exits 2.
 */
public final class RunDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String detail;

    /** A problem on line {@code line} (1-based) of {@code file}. */
    public RunDirectoryException(Path file, int line, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail);
        if (line < 0) throw new IllegalArgumentException("line must be non-negative but was " + line + ".");
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** A problem with {@code file} (or directory) as a whole. */
    public RunDirectoryException(Path file, String detail) {
        this(file, 0, detail);
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }

    /** The problem and what to do, without the location. */
    public String detail() {
        return detail;
    }
}
