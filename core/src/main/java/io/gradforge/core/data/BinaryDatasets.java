package io.gradforge.core.data;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the binary readers share: labels checked into class numbers, scaling, and the final {@link Dataset}. */
final class BinaryDatasets {
    /** The longest Java array a dataset may need (a little below {@code Integer.MAX_VALUE}, as the JDK allows). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private BinaryDatasets() {}

    /** Whether {@code a * b} values (both non-negative) fit in one array, without overflowing. */
    static boolean fits(long a, long b) {
        return b == 0 || a <= MAX_VALUES / b;
    }

    /** The file name without {@code .gz} and without {@code .npy}: {@code train-images-idx3-ubyte}, {@code X}. */
    static String baseName(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (name.endsWith(".gz") && name.length() > 3) name = name.substring(0, name.length() - 3);
        if (name.endsWith(".npy") && name.length() > 4) name = name.substring(0, name.length() - 4);
        return name;
    }

    /** "3 x 28 x 28 unsigned bytes". */
    static String describe(long[] shape, ElementType type) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(" x ");
            sb.append(shape[i]);
        }
        if (shape.length == 0) sb.append('1');
        return sb.append(' ').append(type.plural()).toString();
    }

    /**
     * Checks one class label as it is read, in the data of {@code file}: a whole number in [0, classes), or in
     * [0, {@link IdxOptions#MAX_CLASSES}) when {@code classes} is null.
     */
    static int label(Path file, double value, long index, long offset, @Nullable Integer classes)
            throws DataFileException {
        String item = "(item " + index + ")";
        if (Double.isNaN(value)) {
            throw DataFileException.atByte(file, offset, "NaN label " + item + "; expected a class number");
        }
        if (value != Math.rint(value)) {
            throw DataFileException.atByte(file, offset, "label " + value + " " + item + " is not a whole number;"
                    + " expected a class number");
        }
        int limit = classes != null ? classes : IdxOptions.MAX_CLASSES;
        if (value < 0 || value >= limit) {
            String shown = Math.abs(value) < 0x1p53 ? Long.toString((long) value) : Double.toString(value);
            throw DataFileException.atByte(file, offset, "label " + shown + " " + item + " is out of range; expected 0 to "
                    + (limit - 1) + (classes != null ? " (classes: " + classes + ")" : " (at most " + limit + " classes)"));
        }
        return (int) value;
    }

    /** Divides by the type's unit divisor when {@code scale} is UNIT. */
    static double unitScaled(double value, ElementType type, InputScale scale) {
        return scale == InputScale.UNIT ? value / type.unitDivisor : value;
    }

    /**
     * A classification dataset: BINARY for 2 classes, MULTICLASS (one-hot) for more. Takes ownership of
     * {@code x}, standardizing it in place when asked.
     *
     * @param classes the number of classes (labels already checked to lie below it), or null for max label + 1
     */
    static Dataset classification(Path labelsFile, long labelsStart, String name, double[] x, int rows, int inputs,
            int[] labels, @Nullable Integer classes, InputScale scale) throws DataFileException {
        int k = 0;
        if (classes != null) {
            k = classes;
        } else {
            for (int label : labels) k = Math.max(k, label + 1);
            if (k < 2) {
                throw DataFileException.atByte(labelsFile, labelsStart, "all " + rows + " labels are class " + (k - 1)
                        + "; classification needs at least 2 classes");
            }
        }
        int outputs = k == 2 ? 1 : k;
        if ((long) rows * outputs > MAX_VALUES) {
            throw DataFileException.atByte(labelsFile, labelsStart, rows + " rows of " + outputs + " one-hot classes are"
                    + " too many values for one dataset (at most " + MAX_VALUES + ")");
        }
        double[] y = new double[rows * outputs];
        for (int i = 0; i < rows; i++) {
            if (k == 2) y[i] = labels[i];
            else y[i * outputs + labels[i]] = 1;
        }
        FeatureScaling scaling = standardize(x, rows, inputs, scale);
        return new Dataset(name, rows, inputs, outputs, x, y, k == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS,
                Dataset.numberedLabels(k), Dataset.numberedNames("x", inputs), scaling);
    }

    /** A regression dataset; takes ownership of {@code x} and {@code y}. */
    static Dataset regression(String name, double[] x, int rows, int inputs, double[] y, int outputs, InputScale scale) {
        FeatureScaling scaling = standardize(x, rows, inputs, scale);
        return new Dataset(name, rows, inputs, outputs, x, y, TaskKind.REGRESSION, List.of(),
                Dataset.numberedNames("x", inputs), scaling);
    }

    private static @Nullable FeatureScaling standardize(double[] x, int rows, int inputs,
            InputScale scale) {
        if (scale != InputScale.STANDARDIZE) return null;
        FeatureScaling scaling = FeatureScaling.measure(x, rows, inputs);
        scaling.standardizeInPlace(x, rows);
        return scaling;
    }
}
