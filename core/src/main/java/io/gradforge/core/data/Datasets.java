package io.gradforge.core.data;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded synthetic datasets for probing how well an architecture trains. Every generator takes an explicit seed
 * (same seed, same data) and validates its arguments. Classification sets are balanced: class {@code i % k}
 * for row {@code i}.
 *
 * {@snippet :
 * Dataset spirals = Datasets.twoSpirals(500, 0.05, 42);
 * Dataset teacher = Datasets.teacher(1000, 8, 2, 32, 3, 42);
 * }
 */
public final class Datasets {
    /** Turns of each spiral arm in {@link #twoSpirals}. */
    static final double SPIRAL_TURNS = 1.75;

    private Datasets() {}

    /**
     * The classic two interleaved spirals (Lang and Witbrock 1988): arm {@code c} at angle {@code theta} is
     * {@code (-1)^c * r * (cos theta, sin theta)} with {@code r = theta / (2 pi * 1.75)} in [0.05, 1] over 1.75
     * turns, plus Gaussian noise of standard deviation {@code noise}. 2 inputs in about [-1, 1], BINARY target.
     */
    public static Dataset twoSpirals(int samples, double noise, long seed) {
        requireAtLeast("samples", samples, 2);
        requireNoise(noise);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * 2];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            int c = i % 2;
            double r = 0.05 + 0.95 * rng.nextDouble();
            double theta = r * 2 * Math.PI * SPIRAL_TURNS;
            double sign = c == 0 ? 1 : -1;
            x[2 * i] = sign * r * Math.cos(theta) + noise * rng.nextGaussian();
            x[2 * i + 1] = sign * r * Math.sin(theta) + noise * rng.nextGaussian();
            y[i] = c;
        }
        return binary("two-spirals", samples, 2, x, y);
    }

    /**
     * Two concentric circles: class 0 on the unit circle, class 1 on the circle of radius {@code factor}, at
     * uniform random angles, plus Gaussian noise of standard deviation {@code noise}. 2 inputs, BINARY.
     *
     * @param factor the inner radius, in (0, 1)
     */
    public static Dataset circles(int samples, double noise, double factor, long seed) {
        requireAtLeast("samples", samples, 2);
        requireNoise(noise);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("circle factor must be in (0, 1) but was " + factor + ".");
        }
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * 2];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            int c = i % 2;
            double r = c == 0 ? 1 : factor;
            double angle = 2 * Math.PI * rng.nextDouble();
            x[2 * i] = r * Math.cos(angle) + noise * rng.nextGaussian();
            x[2 * i + 1] = r * Math.sin(angle) + noise * rng.nextGaussian();
            y[i] = c;
        }
        return binary("circles", samples, 2, x, y);
    }

    /**
     * All {@code 2^bits} patterns of {@code bits} bits in counting order (row {@code i} is {@code i} in binary,
     * most significant bit first), each bit as -1 (0) or +1 (1); the BINARY target is 1 when an odd number of
     * bits are set. Deterministic, hence no seed; see {@link #parity(int, long)} for a shuffled order.
     *
     * @param bits in 1 .. 16
     */
    public static Dataset parity(int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("parity bits must be in 1..16 but was " + bits + ".");
        }
        int rows = 1 << bits;
        double[] x = new double[rows * bits];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int b = 0; b < bits; b++) {
                x[i * bits + b] = ((i >>> (bits - 1 - b)) & 1) == 1 ? 1 : -1;
            }
            y[i] = Integer.bitCount(i) % 2;
        }
        return binary("parity-" + bits, rows, bits, x, y);
    }

    /** {@link #parity(int)} with its rows in a seeded random order. */
    public static Dataset parity(int bits, long seed) {
        return parity(bits).shuffled(seed);
    }

    /**
     * Points uniform in [-1, 1]^2 coloured like a {@code cells x cells} checkerboard: the BINARY target is
     * {@code (column + row) % 2} of the cell a point falls in. Classes are balanced in expectation only.
     *
     * @param cells cells per side, at least 2
     */
    public static Dataset checkerboard(int samples, int cells, long seed) {
        requireAtLeast("samples", samples, 2);
        requireAtLeast("checkerboard cells", cells, 2);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * 2];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = (cell(a, cells) + cell(b, cells)) % 2;
        }
        return binary("checkerboard-" + cells, samples, 2, x, y);
    }

    private static int cell(double v, int cells) {
        return Math.min(cells - 1, (int) ((v + 1) / 2 * cells));
    }

    /**
     * Gaussian blobs: {@code classes} centres uniform in [-1, 1]^dims, points drawn around them with standard
     * deviation {@code spread} per coordinate. MULTICLASS with one-hot targets.
     *
     * @param classes at least 2
     * @param dims    at least 1
     * @param spread  positive and finite
     */
    public static Dataset blobs(int samples, int classes, int dims, double spread, long seed) {
        requireAtLeast("classes", classes, 2);
        requireAtLeast("samples", samples, classes);
        requireAtLeast("dims", dims, 1);
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("blob spread must be positive and finite but was " + spread + ".");
        }
        RandomGenerator rng = Rngs.create(seed);
        double[] centres = new double[classes * dims];
        for (int i = 0; i < centres.length; i++) centres[i] = rng.nextDouble(-1, 1);
        double[] x = new double[samples * dims];
        double[] y = new double[samples * classes];
        for (int i = 0; i < samples; i++) {
            int c = i % classes;
            for (int d = 0; d < dims; d++) x[i * dims + d] = centres[c * dims + d] + spread * rng.nextGaussian();
            y[i * classes + c] = 1;
        }
        return new Dataset("blobs-" + classes, samples, dims, classes, x, y, TaskKind.MULTICLASS,
                Dataset.numberedLabels(classes), Dataset.numberedNames("x", dims), null);
    }

    /** x uniform in [-pi, pi], y = sin(x) + Gaussian noise of standard deviation {@code noise}. REGRESSION. */
    public static Dataset sine(int samples, double noise, long seed) {
        requireAtLeast("samples", samples, 1);
        requireNoise(noise);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = rng.nextDouble(-Math.PI, Math.PI);
            y[i] = Math.sin(x[i]) + noise * rng.nextGaussian();
        }
        return new Dataset("sine", samples, 1, 1, x, y, TaskKind.REGRESSION, List.of(), List.of("x0"), null);
    }

    /**
     * A student-teacher regression task: standard Gaussian inputs labelled by a random teacher MLP with
     * {@code depth} tanh hidden layers of {@code hiddenWidth} units and a linear output layer. Weights are
     * Gaussian with variance 1/fan-in (biases with standard deviation 0.1), so signals neither blow up nor
     * die out over a few layers.
     *
     * @param depth hidden layers, in 1 .. 64
     */
    public static Dataset teacher(int samples, int inputs, int outputs, int hiddenWidth, int depth, long seed) {
        return teacher(samples, inputs, outputs, hiddenWidth, depth, 0.0, 1.0, seed);
    }

    /**
     * {@link #teacher(int, int, int, int, int, long)} with inputs {@code N(inputMean, inputVariance)} per component
     * instead of standard Gaussians (the same draws, shifted and scaled): the input moments mean-field experiments
     * start from ({@code E[x^2] = inputMean^2 + inputVariance}).
     *
     * @param inputMean     finite
     * @param inputVariance positive and finite
     */
    public static Dataset teacher(int samples, int inputs, int outputs, int hiddenWidth, int depth, double inputMean,
                                  double inputVariance, long seed) {
        if (!Double.isFinite(inputMean)) {
            throw new IllegalArgumentException("teacher input mean must be finite but was " + inputMean + ".");
        }
        if (!(inputVariance > 0) || !Double.isFinite(inputVariance)) {
            throw new IllegalArgumentException("teacher input variance must be positive and finite but was "
                    + inputVariance + ".");
        }
        requireAtLeast("samples", samples, 1);
        requireAtLeast("inputs", inputs, 1);
        requireAtLeast("outputs", outputs, 1);
        requireAtLeast("hidden width", hiddenWidth, 1);
        if (depth < 1 || depth > 64) {
            throw new IllegalArgumentException("teacher depth must be in 1..64 but was " + depth + ".");
        }
        RandomGenerator rng = Rngs.create(seed);
        int layers = depth + 1;
        double[][] weights = new double[layers][];
        double[][] biases = new double[layers][];
        int[] widths = new int[layers + 1];
        widths[0] = inputs;
        for (int l = 1; l < layers; l++) widths[l] = hiddenWidth;
        widths[layers] = outputs;
        for (int l = 0; l < layers; l++) {
            double std = 1 / Math.sqrt(widths[l]);
            weights[l] = new double[widths[l] * widths[l + 1]];   // [in x out], row-major
            for (int k = 0; k < weights[l].length; k++) weights[l][k] = std * rng.nextGaussian();
            biases[l] = new double[widths[l + 1]];
            for (int k = 0; k < biases[l].length; k++) biases[l][k] = 0.1 * rng.nextGaussian();
        }
        double[] x = new double[samples * inputs];
        double inputStd = Math.sqrt(inputVariance);
        for (int i = 0; i < x.length; i++) x[i] = inputMean + inputStd * rng.nextGaussian();
        double[] y = new double[samples * outputs];
        int maxWidth = Math.max(Math.max(inputs, outputs), hiddenWidth);
        double[] a = new double[maxWidth];
        double[] b = new double[maxWidth];
        for (int s = 0; s < samples; s++) {
            System.arraycopy(x, s * inputs, a, 0, inputs);
            for (int l = 0; l < layers; l++) {
                int in = widths[l];
                int out = widths[l + 1];
                for (int j = 0; j < out; j++) {
                    double z = biases[l][j];
                    for (int k = 0; k < in; k++) z += a[k] * weights[l][k * out + j];
                    b[j] = l < layers - 1 ? Math.tanh(z) : z;
                }
                double[] t = a;
                a = b;
                b = t;
            }
            System.arraycopy(a, 0, y, s * outputs, outputs);
        }
        return new Dataset("teacher-" + inputs + "-" + hiddenWidth + "x" + depth + "-" + outputs, samples, inputs,
                outputs, x, y, TaskKind.REGRESSION, List.of(), Dataset.numberedNames("x", inputs), null);
    }

    private static Dataset binary(String name, int samples, int inputs, double[] x, double[] y) {
        return new Dataset(name, samples, inputs, 1, x, y, TaskKind.BINARY, List.of("0", "1"),
                Dataset.numberedNames("x", inputs), null);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value + ".");
        }
    }

    private static void requireNoise(double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be non-negative and finite but was " + noise + ".");
        }
    }
}
