package io.gradforge.dsl.yaml;

/** The text is not YAML this reader accepts; carries the 1-based location of the first problem. */
public final class YamlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public YamlSyntaxException(int line, int column, String message) {
        super(message);
        this.line = Math.max(1, line);
        this.column = Math.max(1, column);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
