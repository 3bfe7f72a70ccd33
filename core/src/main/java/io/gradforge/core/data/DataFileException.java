package io.gradforge.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file that cannot be read as a dataset. The message names the place and the problem, compiler-style:
 * {@code data/iris.csv:14:3: 'abc' is not a number (feature column 'petal_width')}.
 */
public final class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String detail;

    /**
     * @param line   1-based line, 0 if the problem is not on one line
     * @param column 1-based column (field number within the row), 0 if the problem is the whole line
     */
    public DataFileException(Path file, int line, int column, String detail) {
        super(format(file, line, column, detail));
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.column = column;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    private static String format(Path file, int line, int column, String detail) {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) sb.append(':').append(line);
        if (line > 0 && column > 0) sb.append(':').append(column);
        return sb.append(": ").append(detail).toString();
    }

    public Path file() { return file; }

    /** The 1-based line, or 0 if the problem is not on one line. */
    public int line() { return line; }

    /** The 1-based column (field number), or 0 if the problem concerns the whole line or file. */
    public int column() { return column; }

    /** The problem, without the location. */
    public String detail() { return detail; }
}
