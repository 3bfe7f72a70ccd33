package io.gradforge.cli;

import io.gradforge.dsl.SpecException;
import io.gradforge.run.OutputFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one-line messages and exit codes: 2 for a bad spec or usage, 1 for a failed run.
 * Stack traces appear only with {@code --verbose}.
 */
final class Failures implements IExecutionExceptionHandler {
    static final int RUN_FAILED = 1;
    static final int BAD_INPUT = 2;

    /** A failure the command has already explained; carries the exit code. */
    static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static Exit badInput(String message) {
        return new Exit(BAD_INPUT, message);
    }

    static Exit runFailed(String message) {
        return new Exit(RUN_FAILED, message);
    }

    /** Checks an output directory option before any work starts (exit 2 if it cannot be written). */
    static void checkOutput(Path dir, String option) {
        try {
            OutputFiles.checkDirectory(dir, option);
        } catch (OutputFiles.OutputException e) {
            throw badInput(e.getMessage());
        }
    }

    static int usage(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("gradforge: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.subcommands().stream()
                .anyMatch(p -> p.hasMatchedOption("--verbose"));
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        int code;
        Throwable cause = t;
        while (cause != null && !(cause instanceof OutOfMemoryError)) cause = cause.getCause();
        if (cause != null) { // from a worker thread, wrapped
            err.println(MemoryUse.outOfMemory(Runtime.getRuntime().maxMemory()));
            code = RUN_FAILED;
        } else if (t instanceof Exit exit) {
            if (exit.getMessage() != null && !exit.getMessage().isEmpty()) err.println("gradforge: " + exit.getMessage());
            code = exit.code;
        } else if (t instanceof SpecException spec) {
            // One problem per line, each "file:line:column: message".
            err.println(spec.getMessage());
            code = BAD_INPUT;
        } else if (t instanceof IllegalArgumentException) {
            err.println("gradforge: " + t.getMessage());
            code = BAD_INPUT;
        } else if (t instanceof NoSuchFileException nsf) {
            err.println("gradforge: no such file: " + nsf.getFile()
                    + (nsf.getReason() != null ? " (" + nsf.getReason() + ")" : ""));
            code = BAD_INPUT;
        } else if (t instanceof IOException) {
            err.println("gradforge: " + t.getMessage());
            code = RUN_FAILED;
        } else {
            err.println("gradforge: internal error: " + t + (verbose ? "" : " (run with --verbose for details)"));
            code = RUN_FAILED;
        }
        if (verbose) t.printStackTrace(err);
        err.flush();
        return code;
    }
}
