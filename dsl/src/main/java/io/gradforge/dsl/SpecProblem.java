package io.gradforge.dsl;

import java.io.Serializable;
import java.util.Objects;

/** One problem in a spec file, at a 1-based line and column. */
public record SpecProblem(String file, int line, int column, String message) implements Serializable {
    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based but were " + line + ":" + column);
        }
    }

    /** {@code specs/x.yaml:7:19: unknown activation 'rleu'; did you mean 'relu'? ...} */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
