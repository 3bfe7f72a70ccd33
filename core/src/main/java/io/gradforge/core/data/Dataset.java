package io.gradforge.core.data;

import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable table of examples: {@code size()} rows of {@code inputSize()} features and {@code outputSize()}
 * targets, stored row-major in float64 (the features in float32 after {@link #asFloat32()}, for float32 networks).
 * Nothing handed in or out aliases the internal arrays.
 *
 * <p>Targets follow the {@linkplain #task() task}: any real numbers for {@link TaskKind#REGRESSION}; a single
 * 0/1 column for {@link TaskKind#BINARY}; one-hot rows for {@link TaskKind#MULTICLASS}. Classification datasets
 * name their classes in {@link #classLabels()} (index = class number).
 *
 * {@snippet :
 * Dataset data = Datasets.twoSpirals(400, 0.05, 42);
 * DatasetSplit parts = data.split(0.2, 7);
 * Tensor x = Tensor.zeros(Precision.FLOAT32, 32, data.inputSize());
 * Tensor y = Tensor.zeros(Precision.FLOAT32, 32, data.outputSize());
 * parts.train().copyRows(order, 0, 32, x, y);   // a batch, without allocating
 * }
 *
 * @implNote Immutable and thread-safe.
 */
public final class Dataset {
    private final String name;
    private final int size;
    private final int inputSize;
    private final int outputSize;
    /** The features in float64, or null when they are held in float32 ({@link #features32}). */
    private final double @Nullable [] features;
    /** The features in float32 ({@link #asFloat32()}), or null when they are held in float64. */
    private final float @Nullable [] features32;
    private final double[] targets;
    private final TaskKind task;
    private final List<String> classLabels;
    private final List<String> featureNames;
    private final @Nullable FeatureScaling featureScaling;

    /** Takes ownership of {@code features} and {@code targets} (callers in this package never keep them). */
    Dataset(String name, int size, int inputSize, int outputSize, double[] features, double[] targets, TaskKind task,
            List<String> classLabels, List<String> featureNames, @Nullable FeatureScaling featureScaling) {
        this(name, size, inputSize, outputSize, features, null, targets, task, classLabels, featureNames,
                featureScaling);
    }

    /** Exactly one of {@code features} and {@code features32} is given. */
    private Dataset(String name, int size, int inputSize, int outputSize, double @Nullable [] features,
            float @Nullable [] features32, double[] targets, TaskKind task, List<String> classLabels,
            List<String> featureNames, @Nullable FeatureScaling featureScaling) {
        this.name = Objects.requireNonNull(name, "name");
        this.task = Objects.requireNonNull(task, "task");
        this.classLabels = List.copyOf(classLabels);
        this.featureNames = List.copyOf(featureNames);
        this.featureScaling = featureScaling;
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank but was '" + name + "'.");
        }
        if (size < 0) {
            throw new IllegalArgumentException("dataset size must be non-negative but was " + size + ".");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be at least 1 but was " + inputSize + ".");
        }
        if (outputSize < 1) {
            throw new IllegalArgumentException("output size must be at least 1 but was " + outputSize + ".");
        }
        int featureCount = features != null ? features.length : Objects.requireNonNull(features32).length;
        if (featureCount != (long) size * inputSize || targets.length != (long) size * outputSize) {
            throw new IllegalArgumentException("expected " + size + "x" + inputSize + " features and " + size + "x"
                    + outputSize + " targets but got " + featureCount + " and " + targets.length + " values.");
        }
        if (this.featureNames.size() != inputSize) {
            throw new IllegalArgumentException("expected " + inputSize + " feature names but was " + this.featureNames + ".");
        }
        if (featureScaling != null && featureScaling.columns() != inputSize) {
            throw new IllegalArgumentException("feature scaling has " + featureScaling.columns() + " columns but the dataset has "
                    + inputSize + " features.");
        }
        this.size = size;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.features = features;
        this.features32 = features32;
        this.targets = targets;
        if (features != null) checkFinite("feature", features, inputSize); // float32 ones come from finite doubles
        checkFinite("target", targets, outputSize);
        checkTargets();
    }

    /**
     * A dataset from rows of inputs and targets (copied). Classification datasets get labels "0", "1", ...
     *
     * @throws IllegalArgumentException if there are no rows, rows differ in length, a value is not finite, or
     *                                  the targets do not fit {@code task}
     */
    public static Dataset of(String name, double[][] inputs, double[][] targets, TaskKind task) {
        int classes = switch (Objects.requireNonNull(task, "task")) {
            case REGRESSION -> 0;
            case BINARY -> 2;
            case MULTICLASS -> targets.length == 0 ? 0 : targets[0].length;
        };
        return of(name, inputs, targets, task, numberedLabels(classes));
    }

    /** Like {@link #of(String, double[][], double[][], TaskKind)} with the given class labels. */
    public static Dataset of(String name, double[][] inputs, double[][] targets, TaskKind task, List<String> classLabels) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' must have at least one row but had none.");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException("expected as many target rows as input rows (" + inputs.length
                    + ") but was " + targets.length + ".");
        }
        int in = inputs[0].length;
        int out = targets[0].length;
        return new Dataset(name, inputs.length, in, out, flatten("input", inputs, in), flatten("target", targets, out),
                task, classLabels, numberedNames("x", in), null);
    }

    static List<String> numberedLabels(int count) {
        List<String> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) labels.add(Integer.toString(i));
        return labels;
    }

    static List<String> numberedNames(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(prefix + i);
        return names;
    }

    private static double[] flatten(String what, double[][] rows, int width) {
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(what + " row " + i + " must have " + width + " values but had "
                        + rows[i].length + ".");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static void checkFinite(String what, double[] values, int width) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " at row " + i / width + ", column " + i % width
                        + " must be finite but was " + values[i] + ".");
            }
        }
    }

    private void checkTargets() {
        switch (task) {
            case REGRESSION -> {
                if (!classLabels.isEmpty()) {
                    throw new IllegalArgumentException("a REGRESSION dataset has no class labels but was " + classLabels + ".");
                }
            }
            case BINARY -> {
                if (outputSize != 1) {
                    throw new IllegalArgumentException("a BINARY dataset has 1 output but had " + outputSize + ".");
                }
                for (int i = 0; i < size; i++) {
                    if (targets[i] != 0 && targets[i] != 1) {
                        throw new IllegalArgumentException("BINARY targets must be 0 or 1 but row " + i + " was "
                                + targets[i] + ".");
                    }
                }
                requireLabels(2);
            }
            case MULTICLASS -> {
                if (outputSize < 2) {
                    throw new IllegalArgumentException("a MULTICLASS dataset needs at least 2 outputs (one-hot) but had "
                            + outputSize + ".");
                }
                for (int i = 0; i < size; i++) {
                    int ones = 0;
                    int zeros = 0;
                    for (int j = 0; j < outputSize; j++) {
                        double t = targets[i * outputSize + j];
                        if (t == 1) ones++;
                        else if (t == 0) zeros++;
                    }
                    if (ones != 1 || zeros != outputSize - 1) {
                        throw new IllegalArgumentException("MULTICLASS targets must be one-hot but row " + i + " was "
                                + Arrays.toString(Arrays.copyOfRange(targets, i * outputSize, (i + 1) * outputSize)) + ".");
                    }
                }
                requireLabels(outputSize);
            }
        }
    }

    private void requireLabels(int count) {
        if (classLabels.size() != count || new HashSet<>(classLabels).size() != count) {
            throw new IllegalArgumentException("a " + task + " dataset needs " + count + " distinct class labels but was "
                    + classLabels + ".");
        }
    }

    public String name() { return name; }
    public int size() { return size; }
    public int inputSize() { return inputSize; }
    public int outputSize() { return outputSize; }
    public TaskKind task() { return task; }

    /** Class names by class number; empty for regression. */
    public List<String> classLabels() { return classLabels; }

    /** One name per feature column ("x0", "x1", ... unless read from a file's header). */
    public List<String> featureNames() { return featureNames; }

    /** The standardization already applied to the features, if any (e.g. by {@link CsvDatasets}). */
    public Optional<FeatureScaling> featureScaling() { return Optional.ofNullable(featureScaling); }

    public double feature(int row, int col) {
        int i = index(row, col, inputSize);
        return features != null ? features[i] : Objects.requireNonNull(features32)[i];
    }

    public double target(int row, int col) {
        return targets[index(row, col, outputSize)];
    }

    /** The class number of {@code row}: target >= 0.5 for BINARY, the hot index for MULTICLASS. */
    public int classOf(int row) {
        return switch (task) {
            case REGRESSION -> throw new IllegalStateException("dataset '" + name + "' is a regression task.");
            case BINARY -> targets[index(row, 0, 1)] >= 0.5 ? 1 : 0;
            case MULTICLASS -> {
                int base = index(row, 0, outputSize);
                int best = 0;
                for (int j = 1; j < outputSize; j++) if (targets[base + j] > targets[base + best]) best = j;
                yield best;
            }
        };
    }

    /** A copy of the features, row-major {@code size() x inputSize()}. */
    public double[] features() {
        if (features != null) return features.clone();
        float[] f = Objects.requireNonNull(features32);
        double[] copy = new double[f.length];
        for (int i = 0; i < f.length; i++) copy[i] = f[i];
        return copy;
    }

    /** Whether the features are held in float32 ({@link #asFloat32()}). */
    public boolean isFloat32() { return features32 != null; }

    /**
     * This dataset with its features held in float32: half the memory of float64, for networks that compute in
     * float32. Each value is rounded to the nearest float32, as {@link #copyRows} rounds it into a float32 batch, so a
     * float32 network trains on exactly the same numbers either way. Targets stay float64 (they are one column, or
     * one-hot).
     *
     * @throws IllegalArgumentException if a feature is too large for float32 (naming its row and column)
     */
    public Dataset asFloat32() {
        if (features32 != null) return this;
        double[] f = Objects.requireNonNull(features);
        float[] compact = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            compact[i] = (float) f[i];
            if (Float.isInfinite(compact[i])) {
                throw new IllegalArgumentException("feature " + featureNames.get(i % inputSize) + " of row "
                        + (i / inputSize + 1) + " is " + f[i] + ", beyond float32's range (+-3.4e38); scale the data "
                        + "or use precision: float64.");
            }
        }
        return new Dataset(name, size, inputSize, outputSize, null, compact, targets, task, classLabels,
                featureNames, featureScaling);
    }

    /** A copy of the targets, row-major {@code size() x outputSize()}. */
    public double[] targets() { return targets.clone(); }

    private int index(int row, int col, int width) {
        if (row < 0 || row >= size || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") is outside " + size + "x" + width + ".");
        }
        return row * width + col;
    }

    /**
     * Copies rows {@code indices[from] ... indices[from + count - 1]} into the first {@code count} rows of the
     * caller-owned batch tensors (either precision; float32 rounds). Rows of the outputs past {@code count} are
     * left unchanged. Allocates nothing.
     *
     * @param indices row numbers, e.g. an epoch's shuffled order (Not modified)
     * @param xOut    at least {@code count} rows of {@code inputSize()} columns (Modified)
     * @param yOut    at least {@code count} rows of {@code outputSize()} columns (Modified)
     */
    public void copyRows(int[] indices, int from, int count, Tensor xOut, Tensor yOut) {
        if (from < 0 || count < 0 || from > indices.length - count) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + from + " + " + count + ") are outside the "
                    + indices.length + " indices.");
        }
        checkBatch("x", xOut, count, inputSize);
        checkBatch("y", yOut, count, outputSize);
        for (int k = from; k < from + count; k++) {
            if (indices[k] < 0 || indices[k] >= size) {
                throw new IndexOutOfBoundsException("row index must be in [0, " + size + ") but indices[" + k + "] was "
                        + indices[k] + ".");
            }
        }
        if (features != null) copy(indices, from, count, features, inputSize, xOut);
        else copy(indices, from, count, Objects.requireNonNull(features32), inputSize, xOut);
        copy(indices, from, count, targets, outputSize, yOut);
    }

    private static void checkBatch(String what, Tensor out, int count, int width) {
        if (out.cols() != width || out.rows() < count) {
            throw new IllegalArgumentException(what + " batch must be at least " + count + "x" + width + " but was "
                    + out.rows() + "x" + out.cols() + ".");
        }
    }

    private static void copy(int[] indices, int from, int count, double[] src, int width, Tensor out) {
        if (out.isFloat64()) {
            double[] dst = out.f64();
            for (int k = 0; k < count; k++) System.arraycopy(src, indices[from + k] * width, dst, k * width, width);
        } else {
            float[] dst = out.f32();
            for (int k = 0; k < count; k++) {
                int s = indices[from + k] * width;
                int d = k * width;
                for (int j = 0; j < width; j++) dst[d + j] = (float) src[s + j];
            }
        }
    }

    private static void copy(int[] indices, int from, int count, float[] src, int width, Tensor out) {
        if (out.isFloat64()) {
            double[] dst = out.f64();
            for (int k = 0; k < count; k++) {
                int s = indices[from + k] * width;
                int d = k * width;
                for (int j = 0; j < width; j++) dst[d + j] = src[s + j];
            }
        } else {
            float[] dst = out.f32();
            for (int k = 0; k < count; k++) System.arraycopy(src, indices[from + k] * width, dst, k * width, width);
        }
    }

    /**
     * Splits the rows at random (seeded Fisher-Yates shuffle) into a training part and a validation part of
     * {@code round(size() * validationFraction)} rows; each part keeps the original row order.
     *
     * @param validationFraction in [0, 1); the training part must keep at least one row
     */
    public DatasetSplit split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1) but was " + validationFraction + ".");
        }
        int validationSize = DatasetSplit.validationRows(size, validationFraction);
        int trainSize = size - validationSize;
        if (trainSize < 1) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " leaves no training rows of "
                    + size + ".");
        }
        int[] order = Rngs.permutation(size, Rngs.create(seed));
        int[] train = Arrays.copyOfRange(order, 0, trainSize);
        int[] validation = Arrays.copyOfRange(order, trainSize, size);
        Arrays.sort(train);
        Arrays.sort(validation);
        return new DatasetSplit(select(name + "/train", train), select(name + "/validation", validation));
    }

    /** The rows {@code rows} (in that order) as a new dataset. */
    Dataset select(String newName, int[] rows) {
        double[] x = features == null ? null : new double[rows.length * inputSize];
        float[] x32 = features32 == null ? null : new float[rows.length * inputSize];
        double[] y = new double[rows.length * outputSize];
        for (int k = 0; k < rows.length; k++) {
            if (x != null) System.arraycopy(features, rows[k] * inputSize, x, k * inputSize, inputSize);
            else System.arraycopy(features32, rows[k] * inputSize, x32, k * inputSize, inputSize);
            System.arraycopy(targets, rows[k] * outputSize, y, k * outputSize, outputSize);
        }
        return new Dataset(newName, rows.length, inputSize, outputSize, x, x32, y, task, classLabels, featureNames,
                featureScaling);
    }

    /** A copy with the rows in a seeded random order. */
    public Dataset shuffled(long seed) {
        return select(name, Rngs.permutation(size, Rngs.create(seed)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && name.equals(d.name) && size == d.size && inputSize == d.inputSize
                && outputSize == d.outputSize && task == d.task && Arrays.equals(features, d.features)
                && Arrays.equals(features32, d.features32)
                && Arrays.equals(targets, d.targets) && classLabels.equals(d.classLabels)
                && featureNames.equals(d.featureNames) && Objects.equals(featureScaling, d.featureScaling);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, task, Arrays.hashCode(features), Arrays.hashCode(features32),
                Arrays.hashCode(targets));
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + task + ", " + size + " rows, " + inputSize + " -> " + outputSize + "]";
    }
}
