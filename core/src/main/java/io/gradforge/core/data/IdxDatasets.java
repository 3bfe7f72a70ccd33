package io.gradforge.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads classification datasets from IDX files, the format MNIST and Fashion-MNIST are distributed in, as
 * downloaded: gzipped ({@code .gz}, recognized by its magic bytes {@code 1f 8b}, not by the name) or not.
 *
 * <p>An IDX file starts with a magic number: two zero bytes, a type byte ({@code 0x08} unsigned byte,
 * {@code 0x09} signed byte, {@code 0x0B} int16, {@code 0x0C} int32, {@code 0x0D} float32, {@code 0x0E} float64)
 * and a dimension count; then one big-endian int32 per dimension, then the values, big-endian, last index
 * fastest. The images file ({@code N x d1 x d2 ...}) gives one row of {@code d1 * d2 * ...} features per image;
 * the labels file ({@code N}, an integer type) gives each image's class.
 *
 * <p>Both files are streamed once through a small buffer straight into the dataset's arrays. Every malformed
 * file is refused with a {@link DataFileException} naming the file, the byte offset (in the decompressed
 * stream) and what was expected: wrong magic number, unknown type byte, truncated header or data, mismatched
 * counts, a label out of range, a value that is not finite, data after the declared end.
 *
 * {@snippet :
 * Dataset mnist = IdxDatasets.read(Path.of("train-images-idx3-ubyte.gz"), Path.of("train-labels-idx1-ubyte.gz"),
 *         IdxOptions.of());   // 60000 rows, 784 features in [0, 1], 10 one-hot classes
 * }
 */
public final class IdxDatasets {
    private IdxDatasets() {}

    /** Like {@link #read(Path, Path, IdxOptions, ReadProgress)} without progress reports. */
    public static Dataset read(Path images, Path labels, IdxOptions options) throws IOException {
        return read(images, labels, options, ReadProgress.NONE);
    }

    /**
     * Reads an images file and its labels file as a dataset named after the images file; two classes make a
     * BINARY dataset, more a MULTICLASS one with labels "0", "1", ...
     *
     * @param progress told the bytes read of both files together
     * @throws DataFileException for a malformed file or files that do not belong together
     * @throws IOException       if a file cannot be read
     */
    public static Dataset read(Path images, Path labels, IdxOptions options, ReadProgress progress) throws IOException {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        BinarySource.Progress bytes = new BinarySource.Progress(progress, Files.size(images) + Files.size(labels));
        try (BinarySource imageSource = BinarySource.open(images, bytes);
                BinarySource labelSource = BinarySource.open(labels, bytes)) {
            Header imageHeader = Header.read(imageSource);
            Header labelHeader = Header.read(labelSource);
            if (labelHeader.shape.length != 1) {
                throw DataFileException.atByte(labels, 3, "a labels file has 1 dimension but this one has "
                        + labelHeader.shape.length + " (" + BinaryDatasets.describe(labelHeader.shape, labelHeader.type)
                        + "); expected one label per image");
            }
            if (!labelHeader.type.integer) {
                throw DataFileException.atByte(labels, 2, "labels of type " + labelHeader.type.description + " (0x"
                        + String.format("%02X", labelHeader.typeByte) + "); expected an integer type: 0x08, 0x09, 0x0B or 0x0C");
            }
            long rows = imageHeader.shape[0];
            if (labelHeader.shape[0] != rows) {
                throw DataFileException.atByte(labels, 4, labelHeader.shape[0] + " labels but " + images + " has " + rows
                        + " images; expected one label per image");
            }
            if (rows == 0) {
                throw DataFileException.atByte(images, 4, "no images (the first dimension is 0); expected at least one");
            }
            long inputs = 1;
            for (int i = 1; i < imageHeader.shape.length; i++) {
                if (imageHeader.shape[i] == 0) {
                    throw DataFileException.atByte(images, 4 + 4L * i, "dimension " + i + " is 0; images need at least"
                            + " one value");
                }
                inputs *= imageHeader.shape[i]; // factors below 2^31: no overflow before the break
                if (inputs > BinaryDatasets.MAX_VALUES) break;
            }
            String declared = BinaryDatasets.describe(imageHeader.shape, imageHeader.type);
            if (inputs > BinaryDatasets.MAX_VALUES || rows * inputs > BinaryDatasets.MAX_VALUES) {
                throw DataFileException.atByte(images, 4, declared + " are too many for one dataset (at most "
                        + BinaryDatasets.MAX_VALUES + ")");
            }
            int n = (int) rows;
            int f = (int) inputs;
            imageSource.requireAvailable((long) n * f, imageHeader.type, declared);
            String declaredLabels = BinaryDatasets.describe(labelHeader.shape, labelHeader.type);
            labelSource.requireAvailable(n, labelHeader.type, declaredLabels);

            double[] x = new double[n * f];
            ElementType pixel = imageHeader.type;
            InputScale scale = options.scale();
            imageSource.readValues(pixel, ByteOrder.BIG_ENDIAN, (long) n * f, declared, (i, v, offset) -> {
                if (!Double.isFinite(v)) {
                    throw DataFileException.atByte(images, offset, v + " at image " + i / f + ", value " + i % f
                            + "; expected a finite number");
                }
                x[(int) i] = BinaryDatasets.unitScaled(v, pixel, scale);
            });
            imageSource.expectEnd(declared);
            int[] y = new int[n];
            long labelsStart = labelSource.position();
            Integer classes = options.classes();
            labelSource.readValues(labelHeader.type, ByteOrder.BIG_ENDIAN, n, declaredLabels,
                    (i, v, offset) -> y[(int) i] = BinaryDatasets.label(labels, v, i, offset, classes));
            labelSource.expectEnd(declaredLabels);
            Dataset data = BinaryDatasets.classification(labels, labelsStart, BinaryDatasets.baseName(images), x, n, f,
                    y, classes, scale);
            bytes.finish();
            return data;
        }
    }

    /** An IDX header: the element type and the dimensions. */
    private record Header(ElementType type, int typeByte, long[] shape) {
        static Header read(BinarySource source) throws IOException {
            Path file = source.file();
            ByteBuffer magic = source.header(4, "the magic number: two zero bytes, a type byte, a dimension count",
                    ByteOrder.BIG_ENDIAN);
            if (magic.get(0) != 0 || magic.get(1) != 0) {
                throw DataFileException.atByte(file, 0, String.format("wrong magic number 0x%08X; expected an IDX file:"
                        + " two zero bytes, a type byte and a dimension count (0x00000803 for images,"
                        + " 0x00000801 for labels)", magic.getInt(0)));
            }
            int typeByte = magic.get(2) & 0xFF;
            ElementType type = switch (typeByte) {
                case 0x08 -> ElementType.UINT8;
                case 0x09 -> ElementType.INT8;
                case 0x0B -> ElementType.INT16;
                case 0x0C -> ElementType.INT32;
                case 0x0D -> ElementType.FLOAT32;
                case 0x0E -> ElementType.FLOAT64;
                default -> throw DataFileException.atByte(file, 2, String.format("unknown type byte 0x%02X; expected"
                        + " 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (int16), 0x0C (int32), 0x0D (float32)"
                        + " or 0x0E (float64)", typeByte));
            };
            int dims = magic.get(3) & 0xFF;
            if (dims == 0) {
                throw DataFileException.atByte(file, 3, "dimension count 0; expected at least 1 (the number of items)");
            }
            ByteBuffer sizes = source.header(4 * dims, dims + " big-endian int32 dimensions", ByteOrder.BIG_ENDIAN);
            long[] shape = new long[dims];
            for (int i = 0; i < dims; i++) {
                int size = sizes.getInt(4 * i);
                if (size < 0) {
                    throw DataFileException.atByte(file, 4 + 4L * i, "dimension " + i + " is " + size
                            + "; expected a size of 0 or more");
                }
                shape[i] = size;
            }
            return new Header(type, typeByte, shape);
        }
    }
}
