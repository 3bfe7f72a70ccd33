package io.gradforge.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file that cannot be read as a dataset. The message names the place and the problem, compiler-style:
 * {@code data/iris.csv:14:3: 'abc' is not a number (feature column 'petal_width')} for text files, and
 * {@code data/train-labels.idx1-ubyte: byte 8: label 12 (item 0) is out of range [0, 10)} for binary files
 * ({@link #atByte}; offsets count the decompressed bytes of a gzipped file).
 */
public final class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final long offset;
    private final String detail;

    /**
     * @param line   1-based line, 0 if the problem is not on one line
     * @param column 1-based column (field number within the row), 0 if the problem is the whole line
     */
    public DataFileException(Path file, int line, int column, String detail) {
        this(file, line, column, -1, detail);
    }

    private DataFileException(Path file, int line, int column, long offset, String detail) {
        super(format(file, line, column, offset, detail));
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * A problem in a binary file at byte {@code offset} (0-based; of the decompressed stream for a gzipped
     * file): {@code "<file>: byte <offset>: <detail>"}.
     */
    public static DataFileException atByte(Path file, long offset, String detail) {
        if (offset < 0) {
            throw new IllegalArgumentException("byte offset must be non-negative but was " + offset + ".");
        }
        return new DataFileException(file, 0, 0, offset, detail);
    }

    private static String format(Path file, int line, int column, long offset, String detail) {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) sb.append(':').append(line);
        if (line > 0 && column > 0) sb.append(':').append(column);
        if (offset >= 0) sb.append(": byte ").append(offset);
        return sb.append(": ").append(detail).toString();
    }

    public Path file() { return file; }

    /** The 1-based line, or 0 if the problem is not on one line. */
    public int line() { return line; }

    /** The 1-based column (field number), or 0 if the problem concerns the whole line or file. */
    public int column() { return column; }

    /** The 0-based byte offset of the problem in a binary file, or -1 for a text file. */
    public long offset() { return offset; }

    /** The problem, without the location. */
    public String detail() { return detail; }
}
