package io.gradforge.core.data;

import static io.gradforge.core.data.BinaryFiles.bytes;
import static io.gradforge.core.data.BinaryFiles.cut;
import static io.gradforge.core.data.BinaryFiles.gzip;
import static io.gradforge.core.data.BinaryFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetsTest {
    @TempDir
    Path dir;

    /** Three 2x2 images of unsigned bytes, labels 0, 2, 1. */
    private static final byte[] PIXELS = bytes(0, 51, 102, 255, 10, 20, 30, 40, 255, 0, 0, 255);
    private static final byte[] IMAGES = idx(0x08, new int[] {3, 2, 2}, PIXELS);
    private static final byte[] LABELS = idx(0x08, new int[] {3}, bytes(0, 2, 1));

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Dataset read(byte[] images, byte[] labels, IdxOptions options) throws IOException {
        return IdxDatasets.read(write("train-images-idx3-ubyte", images), write("train-labels-idx1-ubyte", labels),
                options);
    }

    /** Asserts the exact message, and that it is located at {@code offset} of {@code file}. */
    private void assertError(byte[] images, byte[] labels, IdxOptions options, String file, long offset, String detail)
            throws IOException {
        Path i = write("train-images-idx3-ubyte", images);
        Path l = write("train-labels-idx1-ubyte", labels);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxDatasets.read(i, l, options));
        assertEquals(dir.resolve(file) + ": byte " + offset + ": " + detail, e.getMessage());
        assertEquals(offset, e.offset());
        assertEquals(detail, e.detail());
        assertEquals(dir.resolve(file), e.file());
    }

    private void assertImagesError(byte[] images, long offset, String detail) throws IOException {
        assertError(images, LABELS, IdxOptions.of(), "train-images-idx3-ubyte", offset, detail);
    }

    private void assertLabelsError(byte[] labels, IdxOptions options, long offset, String detail) throws IOException {
        assertError(IMAGES, labels, options, "train-labels-idx1-ubyte", offset, detail);
    }

    @Test
    void readsImagesAsRowsScaledToTheUnitRangeWithOneHotLabels() throws IOException {
        Dataset d = read(IMAGES, LABELS, IdxOptions.of());
        assertEquals("train-images-idx3-ubyte", d.name());
        assertEquals(3, d.size());
        assertEquals(4, d.inputSize());
        assertEquals(3, d.outputSize());
        assertEquals(TaskKind.MULTICLASS, d.task());
        assertEquals(List.of("0", "1", "2"), d.classLabels());
        assertEquals(List.of("x0", "x1", "x2", "x3"), d.featureNames());
        assertArrayEquals(new double[] {0, 51 / 255.0, 102 / 255.0, 1, 10 / 255.0, 20 / 255.0, 30 / 255.0, 40 / 255.0,
                1, 0, 0, 1}, d.features());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, d.targets());
        assertTrue(d.featureScaling().isEmpty());
    }

    @Test
    void gzippedFilesReadTheSame() throws IOException {
        Dataset plain = read(IMAGES, LABELS, IdxOptions.of());
        Path images = write("train-images-idx3-ubyte.gz", gzip(IMAGES));
        Path labels = write("labels.bin", gzip(LABELS)); // recognized by the magic bytes, not the name
        Dataset gz = IdxDatasets.read(images, labels, IdxOptions.of());
        assertEquals(plain, gz);
    }

    @Test
    void scaleNoneKeepsValuesAndStandardizeZScoresEachPixel() throws IOException {
        Dataset raw = read(IMAGES, LABELS, IdxOptions.of().withScale(InputScale.NONE));
        assertArrayEquals(new double[] {0, 51, 102, 255, 10, 20, 30, 40, 255, 0, 0, 255}, raw.features());
        Dataset z = read(IMAGES, LABELS, IdxOptions.of().withScale(InputScale.STANDARDIZE));
        // column 0 holds 0, 10, 255: mean 265/3, population std sqrt(((0-m)^2 + (10-m)^2 + (255-m)^2) / 3)
        double mean = 265 / 3.0;
        double std = Math.sqrt((mean * mean + (10 - mean) * (10 - mean) + (255 - mean) * (255 - mean)) / 3);
        assertEquals(mean, z.featureScaling().orElseThrow().mean(0), 1e-12);
        assertEquals(std, z.featureScaling().orElseThrow().std(0), 1e-12);
        assertEquals((10 - mean) / std, z.feature(1, 0), 1e-12);
    }

    @Test
    void twoClassesMakeABinaryDatasetAndFixedClassesWidenTheOneHot() throws IOException {
        Dataset binary = read(IMAGES, idx(0x08, new int[] {3}, bytes(1, 0, 1)), IdxOptions.of());
        assertEquals(TaskKind.BINARY, binary.task());
        assertArrayEquals(new double[] {1, 0, 1}, binary.targets());
        Dataset ten = read(IMAGES, LABELS, IdxOptions.of().withClasses(10));
        assertEquals(10, ten.outputSize());
        assertEquals(2, ten.classOf(1));
    }

    @Test
    void everyElementTypeDecodesBigEndian() throws IOException {
        byte[] labels = idx(0x0C, new int[] {2}, BinaryFiles.ints(ByteOrder.BIG_ENDIAN, 1, 0));
        Dataset signed = read(idx(0x09, new int[] {2, 2}, bytes(-128, 64, 0, 127)), labels, IdxOptions.of());
        assertArrayEquals(new double[] {-1, 0.5, 0, 127 / 128.0}, signed.features());
        Dataset shorts = read(idx(0x0B, new int[] {2, 1}, BinaryFiles.shorts(ByteOrder.BIG_ENDIAN, 16384, -32768)),
                labels, IdxOptions.of());
        assertArrayEquals(new double[] {0.5, -1}, shorts.features());
        Dataset ints = read(idx(0x0C, new int[] {2}, BinaryFiles.ints(ByteOrder.BIG_ENDIAN, 7, -3)), labels,
                IdxOptions.of().withScale(InputScale.NONE));
        assertArrayEquals(new double[] {7, -3}, ints.features());
        Dataset floats = read(idx(0x0D, new int[] {2}, BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 0.25f, -3.5f)), labels,
                IdxOptions.of());
        assertArrayEquals(new double[] {0.25, -3.5}, floats.features());
        Dataset doubles = read(idx(0x0E, new int[] {2}, BinaryFiles.doubles(ByteOrder.BIG_ENDIAN, 0.1, 1e300)), labels,
                IdxOptions.of());
        assertArrayEquals(new double[] {0.1, 1e300}, doubles.features());
        assertArrayEquals(new double[] {1, 0}, doubles.targets());
    }

    @Test
    void wrongMagicNumbers() throws IOException {
        byte[] bad = IMAGES.clone();
        bad[0] = 1;
        assertImagesError(bad, 0, "wrong magic number 0x01000803; expected an IDX file: two zero bytes, a type byte"
                + " and a dimension count (0x00000803 for images, 0x00000801 for labels)");
        byte[] npy = BinaryFiles.npy(1, BinaryFiles.dict("|u1", false, 3), bytes(0, 2, 1));
        assertLabelsError(npy, IdxOptions.of(), 0, "wrong magic number 0x934E554D; expected an IDX file: two zero"
                + " bytes, a type byte and a dimension count (0x00000803 for images, 0x00000801 for labels)");
    }

    @Test
    void unknownTypeByteAndBadDimensions() throws IOException {
        byte[] type = IMAGES.clone();
        type[2] = 0x0A;
        assertImagesError(type, 2, "unknown type byte 0x0A; expected 0x08 (unsigned byte), 0x09 (signed byte),"
                + " 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64)");
        assertImagesError(idx(0x08, new int[0], PIXELS), 3, "dimension count 0; expected at least 1 (the number of"
                + " items)");
        assertImagesError(idx(0x08, new int[] {3, -2, 2}, PIXELS), 8, "dimension 1 is -2; expected a size of 0 or"
                + " more");
        assertImagesError(idx(0x08, new int[] {3, 2, 0}, PIXELS), 12, "dimension 2 is 0; images need at least one"
                + " value");
    }

    @Test
    void truncatedHeaders() throws IOException {
        assertImagesError(cut(IMAGES, 2), 0, "truncated header: expected 4 bytes (the magic number: two zero bytes,"
                + " a type byte, a dimension count) but found 2");
        assertImagesError(cut(IMAGES, 10), 4, "truncated header: expected 12 bytes (3 big-endian int32 dimensions)"
                + " but found 6");
        assertImagesError(gzip(cut(IMAGES, 10)), 4, "truncated header: expected 12 bytes (3 big-endian int32"
                + " dimensions) but found 6");
        assertLabelsError(cut(LABELS, 0), IdxOptions.of(), 0, "truncated header: expected 4 bytes (the magic number:"
                + " two zero bytes, a type byte, a dimension count) but found 0");
    }

    @Test
    void truncatedDataSaysWhatWasExpectedAndFound() throws IOException {
        String detail = "truncated data: expected 12 bytes (3 x 2 x 2 unsigned bytes) from byte 16 but found 7"
                + " (7 whole items)";
        assertImagesError(cut(IMAGES, 23), 23, detail);
        assertImagesError(gzip(cut(IMAGES, 23)), 23, detail);
        assertLabelsError(cut(LABELS, 10), IdxOptions.of(), 10, "truncated data: expected 3 bytes (3 unsigned bytes)"
                + " from byte 8 but found 2 (2 whole items)");
        byte[] floats = idx(0x0D, new int[] {3, 2}, BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 1, 2, 3, 4, 5, 6));
        assertImagesError(cut(floats, 12 + 4 * 4 + 3), 31, "truncated data: expected 24 bytes (3 x 2 float32 values)"
                + " from byte 12 but found 19 (4 whole items)");
    }

    @Test
    void aHeaderDeclaringFarMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        byte[] images = idx(0x08, new int[] {100_000, 28, 28}, PIXELS);
        byte[] labels = idx(0x08, new int[] {100_000}, bytes(0, 2, 1));
        assertError(images, labels, IdxOptions.of(), "train-images-idx3-ubyte", 28, "truncated data: expected 78400000"
                + " bytes (100000 x 28 x 28 unsigned bytes) from byte 16 but found 12 (12 whole items)");
        assertError(gzip(images), labels, IdxOptions.of(), "train-images-idx3-ubyte", 28, "truncated data: expected"
                + " 78400000 bytes (100000 x 28 x 28 unsigned bytes) from byte 16 but found 12 (12 whole items)");
        byte[] huge = idx(0x0E, new int[] {65536, 65536, 2}, PIXELS);
        assertError(huge, idx(0x08, new int[] {65536}, bytes()), IdxOptions.of(), "train-images-idx3-ubyte", 4,
                "65536 x 65536 x 2 float64 values are too many for one dataset (at most 2147483639)");
    }

    @Test
    void gzipProblems() throws IOException {
        byte[] gz = gzip(IMAGES);
        assertImagesError(cut(gz, gz.length - 8), 28, "truncated gzip file: the data is complete but the gzip trailer"
                + " is missing or cut off");
        byte[] crc = gz.clone();
        crc[gz.length - 8] ^= 0x55;
        assertImagesError(crc, 28, "corrupt gzip data (Corrupt GZIP trailer)");
        assertImagesError(cut(gz, 1), 0, "truncated header: expected 4 bytes (the magic number: two zero bytes, a type"
                + " byte, a dimension count) but found 1"); // one byte 1f is no gzip magic yet
        assertImagesError(cut(gz, 2), 0, "truncated gzip header: the file starts with the gzip magic 1f 8b but ends"
                + " after 2 bytes");
        Path i = write("train-images-idx3-ubyte", cut(gz, gz.length / 2 + 6));
        Path l = write("train-labels-idx1-ubyte", LABELS);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxDatasets.read(i, l, IdxOptions.of()));
        assertTrue(e.detail().matches("truncated (header|data): expected .* but found \\d+.*"), e.getMessage());
    }

    @Test
    void countsMustMatch() throws IOException {
        assertLabelsError(idx(0x08, new int[] {4}, bytes(0, 1, 2, 1)), IdxOptions.of(), 4, "4 labels but "
                + dir.resolve("train-images-idx3-ubyte") + " has 3 images; expected one label per image");
    }

    @Test
    void labelsMustBeOneDimensionalIntegersInRange() throws IOException {
        assertLabelsError(idx(0x08, new int[] {3, 1}, bytes(0, 2, 1)), IdxOptions.of(), 3, "a labels file has 1"
                + " dimension but this one has 2 (3 x 1 unsigned bytes); expected one label per image");
        assertLabelsError(idx(0x0D, new int[] {3}, BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 0, 2, 1)), IdxOptions.of(),
                2, "labels of type float32 (0x0D); expected an integer type: 0x08, 0x09, 0x0B or 0x0C");
        assertLabelsError(LABELS, IdxOptions.of().withClasses(2), 9, "label 2 (item 1) is out of range; expected 0 to 1"
                + " (classes: 2)");
        assertLabelsError(idx(0x09, new int[] {3}, bytes(0, -1, 1)), IdxOptions.of(), 9, "label -1 (item 1) is out of"
                + " range; expected 0 to 9999 (at most 10000 classes)");
        assertLabelsError(idx(0x0C, new int[] {3}, BinaryFiles.ints(ByteOrder.BIG_ENDIAN, 0, 1, 10_000)),
                IdxOptions.of(), 16, "label 10000 (item 2) is out of range; expected 0 to 9999 (at most 10000 classes)");
        assertLabelsError(idx(0x08, new int[] {3}, bytes(0, 0, 0)), IdxOptions.of(), 8, "all 3 labels are class 0;"
                + " classification needs at least 2 classes");
    }

    @Test
    void nonFiniteValuesAndTrailingBytesAreRefused() throws IOException {
        byte[] floats = idx(0x0D, new int[] {3, 2}, BinaryFiles.floats(ByteOrder.BIG_ENDIAN, 1, 2, 3, Float.NaN, 5, 6));
        assertImagesError(floats, 24, "NaN at image 1, value 1; expected a finite number");
        byte[] longer = Arrays.copyOf(IMAGES, IMAGES.length + 2);
        assertImagesError(longer, 28, "2 bytes after the end of the data (3 x 2 x 2 unsigned bytes); expected the file"
                + " to end here");
        assertImagesError(gzip(longer), 28, "2 bytes after the end of the data (3 x 2 x 2 unsigned bytes); expected"
                + " the file to end here");
    }

    @Test
    void theShippedDigitsIdxFilesHoldTheCsvsRows() throws IOException {
        Path data = Path.of("..", "specs", "data");
        Dataset idx = IdxDatasets.read(data.resolve("digits-images-idx3-ubyte.gz"),
                data.resolve("digits-labels-idx1-ubyte.gz"), IdxOptions.of().withScale(InputScale.NONE));
        Dataset csv = CsvDatasets.read(data.resolve("digits.csv"), CsvOptions.of("digit").withTask(TaskKind.MULTICLASS));
        assertEquals(1797, idx.size());
        assertEquals(64, idx.inputSize());
        assertArrayEquals(csv.features(), idx.features());
        assertArrayEquals(csv.targets(), idx.targets());
        assertEquals(csv.classLabels(), idx.classLabels());
    }

    @Test
    void progressCountsTheBytesOnDiskUpToTheTotal() throws IOException {
        int n = 3000;
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 31);
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        Path images = write("big-images", idx(0x08, new int[] {n, 28, 28}, pixels));
        Path labelFile = write("big-labels.gz", gzip(idx(0x08, new int[] {n}, labels)));
        long total = Files.size(images) + Files.size(labelFile);
        List<long[]> updates = new ArrayList<>();
        Dataset d = IdxDatasets.read(images, labelFile, IdxOptions.of(), (done, all) -> updates.add(new long[] {done, all}));
        assertEquals(n, d.size());
        assertEquals(784, d.inputSize());
        assertEquals((byte) (783 * 31) & 0xFF, (int) Math.round(d.feature(0, 783) * 255));
        assertEquals(9, d.classOf(n - 1));
        assertTrue(updates.size() >= 3, "one per MiB and a last one: " + updates.size());
        for (int k = 0; k < updates.size(); k++) {
            assertEquals(total, updates.get(k)[1]);
            if (k > 0) assertTrue(updates.get(k)[0] >= updates.get(k - 1)[0]);
        }
        assertArrayEquals(new long[] {total, total}, updates.get(updates.size() - 1));
    }
}
