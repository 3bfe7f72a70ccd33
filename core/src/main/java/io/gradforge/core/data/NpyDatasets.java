package io.gradforge.core.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads datasets from NumPy {@code .npy} files: a features array ({@code N}, {@code N x F}, or {@code N x d1 x
 * d2 ...} flattened per row) and a targets array ({@code N} class numbers, or {@code N} / {@code N x K} real
 * values), as {@code numpy.save} writes them (optionally gzipped). Format versions 1.0, 2.0 and 3.0; dtypes
 * {@code <f8 <f4 <i8 <i4 <i2 |u1 |i1 |b1} and their big-endian {@code >} forms; C order, and Fortran order up to
 * two dimensions.
 *
 * <p>Both files are streamed once through a small buffer straight into the dataset's arrays. Every malformed
 * file is refused with a {@link DataFileException} naming the file, the byte offset and what was expected.
 *
 * {@snippet :
 * Dataset data = NpyDatasets.read(Path.of("X.npy"), Path.of("y.npy"), NpyOptions.of());
 * }
 */
public final class NpyDatasets {
    private NpyDatasets() {}

    /** Like {@link #read(Path, Path, NpyOptions, ReadProgress)} without progress reports. */
    public static Dataset read(Path features, Path targets, NpyOptions options) throws IOException {
        return read(features, targets, options, ReadProgress.NONE);
    }

    /**
     * Reads a features file and a targets file as a dataset named after the features file.
     *
     * @param progress told the bytes read of both files together
     * @throws DataFileException for a malformed file or files that do not belong together
     * @throws IOException       if a file cannot be read
     */
    public static Dataset read(Path features, Path targets, NpyOptions options, ReadProgress progress) throws IOException {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        BinarySource.Progress bytes = new BinarySource.Progress(progress, Files.size(features) + Files.size(targets));
        try (BinarySource xSource = BinarySource.open(features, bytes);
                BinarySource ySource = BinarySource.open(targets, bytes)) {
            NpyHeader xh = NpyHeader.read(xSource);
            NpyHeader yh = NpyHeader.read(ySource);
            long rows = rows(features, xh, "features");
            long yRows = rows(targets, yh, "targets");
            if (yRows != rows) {
                throw DataFileException.atByte(targets, yh.shapeOffset(), yRows + " target rows but " + features + " has "
                        + rows + " rows; expected one target row per feature row");
            }
            if (yh.shape().length > 2) {
                throw DataFileException.atByte(targets, yh.shapeOffset(), "targets of shape " + shape(yh.shape())
                        + "; expected (rows,) or (rows, outputs)");
            }
            long inputs = columns(features, xh);
            long outputs = yh.shape().length == 2 ? yh.shape()[1] : 1;
            if (outputs == 0) {
                throw DataFileException.atByte(targets, yh.shapeOffset(), "targets of shape " + shape(yh.shape())
                        + " have no columns; expected at least one");
            }
            boolean classification = switch (options.targets()) {
                case CLASSIFICATION -> true;
                case REGRESSION -> false;
                case AUTO -> options.classes() != null || (yh.type().integer && outputs == 1);
            };
            if (classification && outputs != 1) {
                throw DataFileException.atByte(targets, yh.shapeOffset(), "classification targets of shape "
                        + shape(yh.shape()) + "; expected one class number per row: (" + rows + ",) or (" + rows + ", 1)");
            }
            if (!BinaryDatasets.fits(rows, inputs) || !BinaryDatasets.fits(rows, outputs)) {
                boolean x = !BinaryDatasets.fits(rows, inputs);
                throw DataFileException.atByte(x ? features : targets, (x ? xh : yh).shapeOffset(), "shape "
                        + shape((x ? xh : yh).shape()) + " has too many values for one dataset (at most "
                        + BinaryDatasets.MAX_VALUES + ")");
            }
            int n = (int) rows;
            int f = (int) inputs;
            int k = (int) outputs;
            String xDeclared = BinaryDatasets.describe(xh.shape(), xh.type());
            String yDeclared = BinaryDatasets.describe(yh.shape(), yh.type());
            xSource.requireAvailable((long) n * f, xh.type(), xDeclared);
            ySource.requireAvailable((long) n * k, yh.type(), yDeclared);

            double[] x = new double[n * f];
            InputScale scale = options.scale();
            ElementType xType = xh.type();
            xSource.readValues(xType, xh.order(), (long) n * f, xDeclared, (i, v, offset) -> {
                int index = rowMajor(i, n, f, xh.fortranOrder());
                checkValue(features, v, xType, offset, index / f, index % f, f, "feature");
                x[index] = BinaryDatasets.unitScaled(v, xType, scale);
            });
            xSource.expectEnd(xDeclared);
            String name = BinaryDatasets.baseName(features);
            Dataset data;
            if (classification) {
                int[] labels = new int[n];
                long start = ySource.position();
                Integer classes = options.classes();
                ElementType yType = yh.type();
                ySource.readValues(yType, yh.order(), n, yDeclared, (i, v, offset) -> {
                    checkValue(targets, v, yType, offset, (int) i, 0, 1, "target");
                    labels[(int) i] = BinaryDatasets.label(targets, v, i, offset, classes);
                });
                ySource.expectEnd(yDeclared);
                data = BinaryDatasets.classification(targets, start, name, x, n, f, labels, classes, scale);
            } else {
                double[] y = new double[n * k];
                ElementType yType = yh.type();
                ySource.readValues(yType, yh.order(), (long) n * k, yDeclared, (i, v, offset) -> {
                    int index = rowMajor(i, n, k, yh.fortranOrder());
                    checkValue(targets, v, yType, offset, index / k, index % k, k, "target");
                    y[index] = v;
                });
                ySource.expectEnd(yDeclared);
                data = BinaryDatasets.regression(name, x, n, f, y, k, scale);
            }
            bytes.finish();
            return data;
        }
    }

    /** The first dimension; a 0-d array (a scalar) or one without rows is refused. */
    private static long rows(Path file, NpyHeader h, String what) throws DataFileException {
        if (h.shape().length == 0) {
            throw DataFileException.atByte(file, h.shapeOffset(), what + " of shape () (a scalar); expected (rows,) or"
                    + " (rows, columns)");
        }
        if (h.shape()[0] == 0) {
            throw DataFileException.atByte(file, h.shapeOffset(), what + " of shape " + shape(h.shape())
                    + " have no rows; expected at least one");
        }
        return h.shape()[0];
    }

    /** The values per row of the features: the product of the dimensions after the first. */
    private static long columns(Path file, NpyHeader h) throws DataFileException {
        long[] s = h.shape();
        if (h.fortranOrder() && s.length > 2) {
            throw DataFileException.atByte(file, h.shapeOffset(), "fortran_order True with shape " + shape(s)
                    + " is not supported; expected C order, or at most 2 dimensions (numpy.ascontiguousarray)");
        }
        long columns = 1;
        for (int i = 1; i < s.length; i++) {
            if (s[i] == 0) {
                throw DataFileException.atByte(file, h.shapeOffset(), "features of shape " + shape(s)
                        + " have no columns; expected at least one");
            }
            if (!BinaryDatasets.fits(columns, s[i])) {
                throw DataFileException.atByte(file, h.shapeOffset(), "shape " + shape(s) + " has too many values for"
                        + " one dataset (at most " + BinaryDatasets.MAX_VALUES + ")");
            }
            columns *= s[i];
        }
        return columns;
    }

    /** Where the {@code i}-th stored value of an {@code rows x cols} array goes in row-major order. */
    private static int rowMajor(long i, int rows, int cols, boolean fortran) {
        return fortran ? (int) ((i % rows) * cols + i / rows) : (int) i;
    }

    private static void checkValue(Path file, double v, ElementType type, long offset, int row, int col, int cols,
            String what) throws DataFileException {
        String where = cols == 1 ? "(row " + row + ")" : "(row " + row + ", column " + col + ")";
        if (!Double.isFinite(v)) {
            throw DataFileException.atByte(file, offset, (Double.isNaN(v) ? "NaN" : "infinite") + " " + what + " "
                    + where + "; expected a finite number");
        }
        if (type == ElementType.BOOL && v > 1) {
            throw DataFileException.atByte(file, offset, "bool " + what + " byte " + (int) v + " " + where
                    + "; expected 0 or 1");
        }
    }

    static String shape(long[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? ", " : "").append(s[i]);
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }
}
