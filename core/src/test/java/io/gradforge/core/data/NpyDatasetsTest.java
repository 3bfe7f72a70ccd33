package io.gradforge.core.data;

import static io.gradforge.core.data.BinaryFiles.bytes;
import static io.gradforge.core.data.BinaryFiles.cut;
import static io.gradforge.core.data.BinaryFiles.dict;
import static io.gradforge.core.data.BinaryFiles.doubles;
import static io.gradforge.core.data.BinaryFiles.longs;
import static io.gradforge.core.data.BinaryFiles.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyDatasetsTest {
    @TempDir
    Path dir;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    /** X = [[1, 2], [3, 4], [5, 6]] as '<f8', C order; y = [0, 2, 1] as '<i8'. */
    private static final byte[] X = npy(1, dict("<f8", false, 3, 2), doubles(LE, 1, 2, 3, 4, 5, 6));
    private static final byte[] Y = npy(1, dict("<i8", false, 3), longs(LE, 0, 2, 1));
    /** Where numpy's 1.0 header dict starts, and where the data starts (the header is padded to 64 bytes). */
    private static final int DICT = 10;
    private static final int DATA = 128;
    private static final NpyOptions RAW = NpyOptions.of().withScale(InputScale.NONE);

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Dataset read(byte[] x, byte[] y, NpyOptions options) throws IOException {
        return NpyDatasets.read(write("X.npy", x), write("y.npy", y), options);
    }

    private void assertError(byte[] x, byte[] y, NpyOptions options, String file, long offset, String detail)
            throws IOException {
        Path xf = write("X.npy", x);
        Path yf = write("y.npy", y);
        DataFileException e = assertThrows(DataFileException.class, () -> NpyDatasets.read(xf, yf, options));
        assertEquals(dir.resolve(file) + ": byte " + offset + ": " + detail, e.getMessage());
        assertEquals(offset, e.offset());
    }

    private void assertFeaturesError(byte[] x, long offset, String detail) throws IOException {
        assertError(x, Y, RAW, "X.npy", offset, detail);
    }

    /** The byte offset of {@code part} within the 1.0 header of a file with dict {@code dict}. */
    private static int at(String dict, String part) {
        return DICT + dict.indexOf(part);
    }

    @Test
    void readsFeaturesAndIntegerLabelsAsMulticlass() throws IOException {
        Dataset d = read(X, Y, RAW);
        assertEquals("X", d.name());
        assertEquals(3, d.size());
        assertEquals(2, d.inputSize());
        assertEquals(TaskKind.MULTICLASS, d.task());
        assertEquals(List.of("0", "1", "2"), d.classLabels());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, d.features());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, d.targets());
    }

    @Test
    void standardizesByDefaultLikeCsv() throws IOException {
        Dataset d = read(X, Y, NpyOptions.of());
        // column 0 holds 1, 3, 5: mean 3, population std sqrt(8/3)
        double std = Math.sqrt(8 / 3.0);
        assertArrayEquals(new double[] {-2 / std, -2 / std, 0, 0, 2 / std, 2 / std}, d.features(), 1e-15);
        assertEquals(3, d.featureScaling().orElseThrow().mean(0));
        assertEquals(4, d.featureScaling().orElseThrow().mean(1));
    }

    @Test
    void fortranOrderVersionsAndByteOrdersReadTheSame() throws IOException {
        Dataset expected = read(X, Y, RAW);
        byte[] fortran = npy(1, dict("<f8", true, 3, 2), doubles(LE, 1, 3, 5, 2, 4, 6));
        assertEquals(expected, read(fortran, Y, RAW));
        assertEquals(expected, read(npy(2, dict("<f8", false, 3, 2), doubles(LE, 1, 2, 3, 4, 5, 6)),
                npy(3, dict("<i8", false, 3), longs(LE, 0, 2, 1)), RAW));
        assertEquals(expected, read(npy(1, dict(">f8", false, 3, 2), doubles(BE, 1, 2, 3, 4, 5, 6)),
                npy(1, dict(">i4", false, 3), BinaryFiles.ints(BE, 0, 2, 1)), RAW));
        assertEquals(expected, read(npy(1, dict("<f4", false, 3, 2), BinaryFiles.floats(LE, 1, 2, 3, 4, 5, 6)),
                npy(1, dict("<i2", false, 3, 1), BinaryFiles.shorts(LE, 0, 2, 1)), RAW));
        assertEquals(expected, read(BinaryFiles.gzip(X), BinaryFiles.gzip(Y), RAW));
        // a version 3.0 header is UTF-8, and numpy accepts any padding
        byte[] utf8 = npy(3, "{\"descr\": '|i1', 'fortran_order': False, 'shape': (3, 2)}  ", bytes(1, 2, 3, 4, 5, 6));
        assertEquals(expected, read(utf8, Y, RAW));
    }

    @Test
    void bytesScaleToTheUnitRangeAndBoolLabelsAreBinary() throws IOException {
        byte[] x = npy(1, dict("|u1", false, 2, 2), bytes(0, 255, 51, 102));
        Dataset d = read(x, npy(1, dict("|b1", false, 2), bytes(1, 0)), NpyOptions.of().withScale(InputScale.UNIT));
        assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, d.features());
        assertEquals(TaskKind.BINARY, d.task());
        assertArrayEquals(new double[] {1, 0}, d.targets());
        byte[] signed = npy(1, dict("|i1", false, 2, 1), bytes(-128, 64));
        assertArrayEquals(new double[] {-1, 0.5}, read(signed, npy(1, dict("|b1", false, 2), bytes(1, 0)),
                NpyOptions.of().withScale(InputScale.UNIT)).features());
    }

    @Test
    void floatTargetsAreRegressionUnlessTold() throws IOException {
        byte[] y = npy(1, dict("<f8", false, 3), doubles(LE, 0.5, -1, 2));
        Dataset d = read(X, y, RAW);
        assertEquals(TaskKind.REGRESSION, d.task());
        assertArrayEquals(new double[] {0.5, -1, 2}, d.targets());
        byte[] wide = npy(1, dict("<f4", true, 3, 2), BinaryFiles.floats(LE, 1, 3, 5, 2, 4, 6));
        Dataset two = read(X, wide, RAW);
        assertEquals(2, two.outputSize());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, two.targets());
        byte[] whole = npy(1, dict("<f8", false, 3), doubles(LE, 0, 2, 1));
        Dataset cls = read(X, whole, RAW.withTargets(NpyOptions.Targets.CLASSIFICATION));
        assertEquals(TaskKind.MULTICLASS, cls.task());
        assertEquals(2, cls.classOf(1));
        assertEquals(TaskKind.REGRESSION, read(X, Y, RAW.withTargets(NpyOptions.Targets.REGRESSION)).task());
        assertEquals(5, read(X, whole, RAW.withClasses(5)).outputSize());
    }

    @Test
    void wrongMagicAndVersion() throws IOException {
        byte[] idx = BinaryFiles.idx(0x08, new int[] {3, 2}, bytes(1, 2, 3, 4, 5, 6));
        assertFeaturesError(idx, 0, "wrong magic number 00 00 08 02 00 00; expected 93 4E 55 4D 50 59 (\\x93NUMPY),"
                + " the start of a NumPy .npy file");
        byte[] v4 = X.clone();
        v4[6] = 4;
        assertFeaturesError(v4, 6, "unsupported .npy format version 4.0; expected 1.0, 2.0 or 3.0");
        byte[] huge = npy(2, dict("<f8", false, 3, 2), doubles(LE, 1, 2, 3, 4, 5, 6));
        ByteBuffer.wrap(huge).order(LE).putInt(8, 1 << 30);
        assertFeaturesError(huge, 8, "header length 1073741824 is implausible; expected at most 1048576 bytes");
    }

    @Test
    void truncatedHeaderAndData() throws IOException {
        assertFeaturesError(cut(X, 5), 0, "truncated header: expected 8 bytes (the magic string \\x93NUMPY and the"
                + " format version) but found 5");
        assertFeaturesError(cut(X, 9), 8, "truncated header: expected 2 bytes (the header length (uint16)) but found 1");
        assertFeaturesError(cut(X, 40), 10, "truncated header: expected 118 bytes (the header dict, as its length says)"
                + " but found 30");
        assertFeaturesError(cut(X, DATA + 20), DATA + 20, "truncated data: expected 48 bytes (3 x 2 float64 values)"
                + " from byte 128 but found 20 (2 whole items)");
        assertFeaturesError(BinaryFiles.gzip(cut(X, DATA + 20)), DATA + 20, "truncated data: expected 48 bytes"
                + " (3 x 2 float64 values) from byte 128 but found 20 (2 whole items)");
        assertError(X, cut(Y, DATA + 8), RAW, "y.npy", DATA + 8, "truncated data: expected 24 bytes (3 int64 values)"
                + " from byte 128 but found 8 (1 whole items)");
    }

    @Test
    void unsupportedDtypesAndOrders() throws IOException {
        String supported = "; expected one of <f8, <f4, <i8, <i4, <i2, |u1, |i1, |b1 (or > for big-endian)";
        for (String descr : List.of("<c16", "|f8", "<u2", "=f8", "<M8[ns]", "")) {
            String d = dict(descr, false, 3, 2);
            assertFeaturesError(npy(1, d, new byte[48]), at(d, "'" + descr + "'"), "unsupported dtype '" + descr + "'" + supported);
        }
        String structured = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }";
        assertFeaturesError(npy(1, structured, new byte[12]), at(structured, "["), "malformed header dict: a list value"
                + " (a structured dtype with fields) is not supported; expected a simple dtype string, one of <f8, <f4,"
                + " <i8, <i4, <i2, |u1, |i1, |b1 (or > for big-endian)");
        String fortran3 = dict("<f8", true, 3, 1, 2);
        assertFeaturesError(npy(1, fortran3, new byte[48]), at(fortran3, "(3"), "fortran_order True with shape"
                + " (3, 1, 2) is not supported; expected C order, or at most 2 dimensions (numpy.ascontiguousarray)");
        String scalar = dict("<f8", false);
        assertFeaturesError(npy(1, scalar.replace("(,)", "()"), new byte[8]), at(scalar, "("), "features of shape ()"
                + " (a scalar); expected (rows,) or (rows, columns)");
    }

    @Test
    void malformedHeaderDicts() throws IOException {
        String missingComma = "{'descr': '<f8' 'fortran_order': False, 'shape': (3, 2), }";
        assertFeaturesError(npy(1, missingComma, new byte[48]), at(missingComma, "'fortran"), "malformed header dict:"
                + " expected ',' or '}' but found \"'fortran_ord...\"");
        String missingKey = "{'descr': '<f8', 'shape': (3, 2), }";
        assertFeaturesError(npy(1, missingKey, new byte[48]), DICT, "malformed header dict: missing key"
                + " 'fortran_order'; expected descr, fortran_order and shape");
        String extraKey = "{'descr': '<f8', 'order': 'C', 'fortran_order': False, 'shape': (3, 2), }";
        assertFeaturesError(npy(1, extraKey, new byte[48]), at(extraKey, "'order"), "malformed header dict: unexpected"
                + " key 'order'; expected descr, fortran_order and shape");
        String badBool = "{'descr': '<f8', 'fortran_order': 'no', 'shape': (3, 2), }";
        assertFeaturesError(npy(1, badBool, new byte[48]), at(badBool, "'no"), "malformed header dict: fortran_order"
                + " 'no'; expected True or False");
        String badShape = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2), }";
        assertFeaturesError(npy(1, badShape, new byte[48]), at(badShape, "-"), "malformed header dict: expected a"
                + " non-negative integer but found \"-2), }\"");
        String duplicate = "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
        assertFeaturesError(npy(1, duplicate, new byte[48]), at(duplicate, "'descr': '<f4"), "malformed header dict:"
                + " duplicate key 'descr'");
        String open = "{'descr': '<f8, 'fortran_order': False, 'shape': (3, 2), }";
        // the value '<f8, ' ends at the quote meant to open the next key
        assertFeaturesError(npy(1, open, new byte[48]), at(open, "fortran"), "malformed header dict: expected ',' or"
                + " '}' but found \"fortran_orde...\"");
        String trailing = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), } x";
        assertFeaturesError(npy(1, trailing, new byte[48]), at(trailing, "x"), "malformed header dict: expected the end"
                + " of the header after '}' but found \"x\"");
    }

    @Test
    void countsShapesAndValuesAreChecked() throws IOException {
        String four = dict("<i8", false, 4);
        assertError(X, npy(1, four, longs(LE, 0, 1, 2, 1)), RAW, "y.npy", at(four, "(4"), "4 target rows but "
                + dir.resolve("X.npy") + " has 3 rows; expected one target row per feature row");
        String wide = dict("<i8", false, 3, 2);
        assertError(X, npy(1, wide, new byte[48]), RAW.withTargets(NpyOptions.Targets.CLASSIFICATION), "y.npy",
                at(wide, "(3"), "classification targets of shape (3, 2); expected one class number per row: (3,)"
                        + " or (3, 1)");
        assertError(X, Y, RAW.withClasses(2), "y.npy", DATA + 8, "label 2 (item 1) is out of range; expected 0 to 1"
                + " (classes: 2)");
        byte[] half = npy(1, dict("<f8", false, 3), doubles(LE, 0, 1.5, 1));
        assertError(X, half, RAW.withTargets(NpyOptions.Targets.CLASSIFICATION), "y.npy", DATA + 8, "label 1.5"
                + " (item 1) is not a whole number; expected a class number");
        byte[] nan = npy(1, dict("<f8", false, 3), doubles(LE, 1, Double.NaN, 2));
        assertError(X, nan, RAW, "y.npy", DATA + 8, "NaN target (row 1); expected a finite number");
        assertError(X, nan, RAW.withTargets(NpyOptions.Targets.CLASSIFICATION), "y.npy", DATA + 8, "NaN target"
                + " (row 1); expected a finite number");
        byte[] inf = npy(1, dict("<f8", false, 3, 2), doubles(LE, 1, 2, 3, 4, 5, Double.NEGATIVE_INFINITY));
        assertFeaturesError(inf, DATA + 40, "infinite feature (row 2, column 1); expected a finite number");
        byte[] fortranNan = npy(1, dict("<f8", true, 3, 2), doubles(LE, 1, 3, 5, 2, Double.NaN, 6));
        assertFeaturesError(fortranNan, DATA + 32, "NaN feature (row 1, column 1); expected a finite number");
        assertError(X, npy(1, dict("|b1", false, 3), bytes(1, 7, 0)), RAW, "y.npy", DATA + 1, "bool target byte 7"
                + " (row 1); expected 0 or 1");
        byte[] longer = Arrays.copyOf(X, X.length + 3);
        assertFeaturesError(longer, DATA + 48, "3 bytes after the end of the data (3 x 2 float64 values); expected"
                + " the file to end here");
        String empty = dict("<f8", false, 0, 2);
        assertFeaturesError(npy(1, empty, new byte[0]), at(empty, "(0"), "features of shape (0, 2) have no rows;"
                + " expected at least one");
    }
}
