package io.gradforge.cli;

import io.gradforge.core.data.DataFileException;
import io.gradforge.dsl.SpecException;
import io.gradforge.run.OutputFiles;
import io.gradforge.search.RunDirectoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one-line messages and exit codes: 2 for bad input (usage, a spec, a data file, a run
 * directory, a file that cannot be read: {@link Exit} from {@link #badInput}, {@code SpecException},
 * {@code DataFileException}, {@code RunDirectoryException}, {@code FileSystemException}), 1 for a failed run and
 * for anything else; an {@code IllegalArgumentException} from inside the engine is not the user's input and is
 * an internal error (exit 1). Stack traces appear only with {@code --verbose}.
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
        } else if (t instanceof RunDirectoryException || t instanceof DataFileException) {
            // the message names the file (and line), what is wrong and what to do
            err.println("gradforge: " + t.getMessage());
            code = BAD_INPUT;
        } else if (t instanceof NoSuchFileException nsf) {
            err.println("gradforge: no such file: " + nsf.getFile()
                    + (nsf.getReason() != null ? " (" + nsf.getReason() + ")" : ""));
            code = BAD_INPUT;
        } else if (t instanceof FileSystemException fs) {
            err.println("gradforge: " + fs.getFile() + ": " + reason(fs));
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

    /** Why a file cannot be used, in words ("permission denied" rather than an exception's name). */
    static String reason(FileSystemException e) {
        if (e.getReason() != null && !e.getReason().isBlank()) return e.getReason();
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof NotDirectoryException) return "not a directory";
        return e.getClass().getSimpleName();
    }
}
