package io.gradforge.core.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage to small valid CSV files (CSV punctuation and number characters written over, random bytes,
 * deletions, duplicated spans, truncations), read with every task: every outcome is a dataset or a
 * {@link DataFileException} naming the file (and a line for anything but invalid UTF-8), never another exception
 * or a hang.
 */
class CsvReaderFuzzTest {
    private static final byte[] PUNCTUATION = ",;\"\n\r \t0123456789.-+eENaI".getBytes(StandardCharsets.UTF_8);
    private static final String[] FILES = {
        "x1,x2,label\n0.5,1.5,a\n-1,2e3,b\n3,\"4\",a\n7,8,c\n",
        "a,b,y\r\n1,2,0.5\r\n3,4,1.5\r\n\r\n5,6,2.5\r\n7,8,3.5\r\n9,10,4.5\r\n",
        "\"f, one\",\"f \"\"two\"\"\",t\n1,2,\"yes\"\n3,\"4\n\",no\n5,6,yes\n",
    };
    private static final TaskKind[] TASKS = {null, TaskKind.REGRESSION, TaskKind.BINARY, TaskKind.MULTICLASS};

    @TempDir
    Path dir;

    @Test
    void damagedCsvFilesAreReadOrRefusedWithADataFileException() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fuzz(15, 1000));
    }

    @Test
    @Tag("slow")
    void manyMoreDamagedCsvFiles() {
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> fuzz(16, 20_000));
    }

    private void fuzz(long seed, int rounds) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path file = dir.resolve("fuzz.csv");
        int read = 0;
        int refused = 0;
        for (int round = 0; round < rounds; round++) {
            String original = FILES[random.nextInt(FILES.length)];
            byte[] damaged = damage(original.getBytes(StandardCharsets.UTF_8), random);
            Files.write(file, damaged);
            String target = original.substring(original.indexOf(',', original.indexOf(',') + 1) + 1,
                    original.indexOf('\r') > 0 ? original.indexOf('\r') : original.indexOf('\n'));
            CsvOptions options = CsvOptions.of(target).withTask(TASKS[random.nextInt(TASKS.length)])
                    .withStandardize(random.nextBoolean());
            try {
                Dataset d = CsvDatasets.read(file, options);
                assertTrue(d.size() > 0);
                read++;
            } catch (DataFileException e) {
                assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
                assertTrue(e.line() >= 1 || e.detail().startsWith("the file is not valid UTF-8"), e.getMessage());
                refused++;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("round " + round + " escaped as " + e + " on:\n"
                        + new String(damaged, StandardCharsets.UTF_8), e);
            }
        }
        assertTrue(read > rounds / 20 && refused > rounds / 5, "read " + read + ", refused " + refused);
    }

    private static byte[] damage(byte[] in, SplittableRandom r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n && b.length > 1; k++) {
            int pos = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0, 1 -> b[pos] = PUNCTUATION[r.nextInt(PUNCTUATION.length)];
                case 2 -> b[pos] = (byte) r.nextInt(256);
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
                    b = c;
                }
                default -> {
                    int len = Math.min(b.length - pos, 1 + r.nextInt(8));
                    byte[] c = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, pos, c, pos + len, b.length - pos);
                    b = c;
                }
            }
        }
        if (r.nextInt(10) == 0) b = Arrays.copyOf(b, r.nextInt(b.length + 1));
        return b;
    }
}
