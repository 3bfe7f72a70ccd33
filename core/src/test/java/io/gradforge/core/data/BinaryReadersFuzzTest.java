package io.gradforge.core.data;

import static io.gradforge.core.data.BinaryFiles.bytes;
import static io.gradforge.core.data.BinaryFiles.dict;
import static io.gradforge.core.data.BinaryFiles.gzip;
import static io.gradforge.core.data.BinaryFiles.idx;
import static io.gradforge.core.data.BinaryFiles.npy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage to valid IDX and NPY files (bit flips, overwritten bytes, truncations, appended bytes,
 * mostly in the headers where the lengths live): every outcome is a dataset or a {@link DataFileException}
 * with a byte offset, never another exception, an out-of-memory allocation or a hang.
 */
class BinaryReadersFuzzTest {
    /** Rounds per file pair; {@code -Dgradforge.fuzz.rounds=20000} for a deeper run by hand. */
    private static final int ROUNDS = Integer.getInteger("gradforge.fuzz.rounds", 300);

    @TempDir
    Path dir;

    private interface Reader {
        Dataset read(Path a, Path b) throws IOException;
    }

    private record Outcomes(int read, int refused) {}

    private Outcomes fuzz(long seed, byte[] a, byte[] b, Reader reader) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path pa = dir.resolve("a");
        Path pb = dir.resolve("b");
        int read = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            boolean first = random.nextBoolean();
            byte[] damaged = damage(first ? a : b, random);
            Files.write(pa, first ? damaged : a);
            Files.write(pb, first ? b : damaged);
            try {
                Dataset d = reader.read(pa, pb);
                assertTrue(d.size() > 0);
                read++;
            } catch (DataFileException e) {
                // located in one of the pair: a count mismatch is reported at the second file whichever was damaged
                assertTrue(e.file().equals(pa) || e.file().equals(pb), e.getMessage());
                assertTrue(e.offset() >= 0, e.getMessage());
                refused++;
            } catch (IOException | RuntimeException e) {
                fail("round " + round + " of seed " + seed + ": " + e + " for bytes " + Arrays.toString(damaged), e);
            }
        }
        return new Outcomes(read, refused);
    }

    private static byte[] damage(byte[] valid, SplittableRandom random) {
        byte[] out = valid.clone();
        // Half the damage lands in the first 140 bytes: magic numbers, lengths, dimensions, the npy dict.
        int span = random.nextBoolean() ? Math.min(140, out.length) : out.length;
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int k = 1 + random.nextInt(3); k > 0; k--) out[random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> out[random.nextInt(span)] = (byte) random.nextInt(256);
            case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            default -> {
                out = Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
                for (int i = valid.length; i < out.length; i++) out[i] = (byte) random.nextInt(256);
            }
        }
        return out;
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte) (i * 37 + 11);
        return p;
    }

    @Test
    void damagedIdxFilesAreReadOrRefusedWithADataFileException() {
        byte[] images = idx(0x08, new int[] {6, 4, 3}, pixels(72));
        byte[] labels = idx(0x08, new int[] {6}, bytes(0, 1, 2, 3, 1, 0));
        byte[] floats = idx(0x0D, new int[] {6, 2}, BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12));
        Reader reader = (a, b) -> IdxDatasets.read(a, b, IdxOptions.of());
        assertTimeoutPreemptively(Duration.ofSeconds(60L * Math.max(1, ROUNDS / 300)), () -> {
            Outcomes plain = fuzz(1, images, labels, reader);
            Outcomes gz = fuzz(2, gzip(images), gzip(labels), reader);
            Outcomes f = fuzz(3, floats, labels, reader);
            assertTrue(plain.refused() > ROUNDS / 2 && gz.refused() > ROUNDS / 2 && f.refused() > ROUNDS / 2,
                    plain + " " + gz + " " + f);
        });
    }

    @Test
    void damagedNpyFilesAreReadOrRefusedWithADataFileException() {
        byte[] x = npy(1, dict("<f8", false, 5, 3), BinaryFiles.doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12, 13, 14, 15));
        byte[] y = npy(1, dict("<i8", false, 5), BinaryFiles.longs(ByteOrder.LITTLE_ENDIAN, 0, 1, 2, 1, 0));
        byte[] x3 = npy(3, dict("|u1", true, 5, 3), pixels(15));
        byte[] yf = npy(2, dict(">f4", false, 5, 1), BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 0.5f, 1, 2, 3, 4));
        Reader reader = (a, b) -> NpyDatasets.read(a, b, NpyOptions.of());
        assertTimeoutPreemptively(Duration.ofSeconds(60L * Math.max(1, ROUNDS / 300)), () -> {
            Outcomes plain = fuzz(4, x, y, reader);
            Outcomes gz = fuzz(5, gzip(x), gzip(y), reader);
            Outcomes other = fuzz(6, x3, yf, reader);
            assertTrue(plain.refused() > ROUNDS / 4 && gz.refused() > ROUNDS / 2 && other.refused() > ROUNDS / 4,
                    plain + " " + gz + " " + other);
        });
    }
}
