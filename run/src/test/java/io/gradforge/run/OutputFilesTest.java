package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryThatExistsOrCanBeCreatedPassesAndNothingStays() throws IOException {
        OutputFiles.checkDirectory(dir, "--out");
        OutputFiles.checkDirectory(dir.resolve("new/deeper"), "--out");
        assertEquals(List.of(), listing(), "the check creates nothing that stays");
    }

    @Test
    void aFileOrAPathUnderAFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("weights.json"), "{}");
        assertEquals("--out " + file + ": is a file, not a directory; give a directory (created if missing)",
                assertThrows(OutputFiles.OutputException.class, () -> OutputFiles.checkDirectory(file, "--out")).getMessage());
        Path under = file.resolve("run");
        assertEquals("--export " + under + ": cannot be created: " + file + " is a file, not a directory; give a"
                + " directory (created if missing)", assertThrows(OutputFiles.OutputException.class,
                () -> OutputFiles.checkDirectory(under, "--export")).getMessage());
    }

    @Test
    void aFailedWriteNamesTheFileKeepsTheOldOneAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("loss.csv");
        OutputFiles.write(file, "old\n");
        OutputFiles.OutputException e = assertThrows(OutputFiles.OutputException.class, () -> OutputFiles.write(file, w -> {
            w.write("step,loss\n".repeat(10_000));
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + file + " (No space left on device)", e.getMessage());
        assertEquals("old\n", Files.readString(file));
        assertEquals(List.of("loss.csv"), listing());
    }

    @Test
    void aWriteIntoAPathUnderAFileNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path target = file.resolve("result.json");
        OutputFiles.OutputException e = assertThrows(OutputFiles.OutputException.class, () -> OutputFiles.write(target, "{}"));
        assertTrue(e.getMessage().startsWith("cannot write " + target + " ("), e.getMessage());
        assertEquals(List.of("f"), listing());
    }

    @Test
    void filesGetTheSamePermissionsAsAnyOtherFileThisProcessCreates() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path written = dir.resolve("written.txt");
        OutputFiles.write(written, "x");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
    }
}
