package io.gradforge.dsl;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec file could not be read: every problem found, each with file, line and column. The message
 * holds one problem per line, ready to print.
 */
public final class SpecException extends IOException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf of serializable records
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String format(List<SpecProblem> problems) {
        return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
    }
}
