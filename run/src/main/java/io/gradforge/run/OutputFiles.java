package io.gradforge.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a command's outputs so that nothing is lost: the output directory is checked before any work starts
 * ({@link #checkDirectory}), and each file is written whole or not at all ({@link #write}: a temporary file beside
 * it, moved into place; on any failure the temporary file is deleted and the old file, if any, stays).
 *
 * <p>Files are created with the process's default permissions (the umask), as every other output; a temporary
 * file from {@code Files.createTempFile} would be readable by its owner only.
 *
 * {@snippet :
 * OutputFiles.checkDirectory(out, "--out");                 // before training
 * OutputFiles.write(out.resolve("loss.csv"), w -> w.write("step,loss\n"));
 * }
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer w) throws IOException;
    }

    /** An output that cannot be written; the message names the file, the reason and what to do. */
    public static final class OutputException extends IOException {
        private static final long serialVersionUID = 1L;

        OutputException(String message, Throwable cause) {
            super(message, cause);
        }

        OutputException(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code dir} is, or can be created as, a directory this process can write into: it is a directory
     * (or does not exist yet and its nearest existing ancestor is a directory) and a file can be created there.
     * Creates nothing that stays.
     *
     * @param option how the user named the directory ({@code "--out"}), for the message
     * @throws OutputException if not, naming the path and the reason
     */
    public static void checkDirectory(Path dir, String option) throws OutputException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(option, "option");
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) {
            throw new OutputException(option + " " + dir + ": no existing directory above it; give a directory path");
        }
        if (!Files.isDirectory(existing)) {
            String what = existing.equals(dir.toAbsolutePath().normalize()) ? "is a file, not a directory"
                    : "cannot be created: " + existing + " is a file, not a directory";
            throw new OutputException(option + " " + dir + ": " + what + "; give a directory (created if missing)");
        }
        Path probe = existing.resolve(".gradforge-write-check-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createFile(probe);
        } catch (IOException e) {
            throw new OutputException(option + " " + dir + ": cannot write in " + existing + " (" + reason(e)
                    + "); give a directory you can write to", e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the probe could not be created, or is gone
            }
        }
    }

    /** {@link #write(Path, Body)} of a string. */
    public static void write(Path file, String text) throws OutputException {
        write(file, w -> w.write(text));
    }

    /**
     * Writes what {@code body} writes (UTF-8) to a temporary file beside {@code file}, then moves it over
     * {@code file} (atomically where the file system can). Creates the parent directories.
     *
     * @throws OutputException if writing fails (a full disk ...): the message names {@code file} and the reason;
     *     no temporary file is left and an existing {@code file} is unchanged
     */
    public static void write(Path file, Body body) throws OutputException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(body, "body");
        Path tmp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                body.writeTo(w);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + " (" + reason(e) + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more can be done; the write error above says what went wrong
            }
        }
    }

    /** The reason of an I/O failure in words: "No space left on device", "Permission denied", "Is a directory" ... */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such directory";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof NotDirectoryException) return "not a directory";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
