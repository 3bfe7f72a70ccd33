package io.gradforge.core.health;

import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.ejml.data.DMatrixRMaj;
import org.jspecify.annotations.Nullable;

/**
 * Jacobian spectra over several probe rows, as Glorot &amp; Bengio (2010, section 4.2.2) report them: for every
 * top-level layer the Jacobian J_r = d out_r / d in_r of its output at row r with respect to its input at the same row
 * (between consecutive layers' activations: diag(phi'(h_r)) W for a dense layer; a residual block's trunk Jacobian
 * P + s J_branch with P the identity or its projection; [I; J_branch] for a concatenation), and the network's
 * input-output Jacobian d y_r / d x_r, each computed exactly (one backward per output unit with one-hot output
 * gradients), decomposed by an SVD per row and summarized over the rows (see {@link RowSpectra}).
 *
 * <p>{@link Mode#TRAINING} runs the layers as training does, so batch norm normalizes with the statistics of the whole
 * batch given (not only the measured rows) and J_r is the per-row block of the batch-coupled Jacobian: for one feature,
 * d y_r / d x_r = gamma / sqrt(var + eps) * (1 - 1/B - xhat_r^2 / B), the -1/B from the batch mean and the xhat^2/B
 * from the batch variance (the rows' Jacobians are then each measured with their own backward over the whole batch).
 * {@link Mode#EVALUATION} uses the running statistics: at initialization (mean 0, variance 1) batch norm is then almost
 * the identity and invisible in the spectra. Without batch norm the two modes agree.
 *
 * <p>Not measured (with the reason recorded, never NaN): recurrent layers (their Jacobian maps whole sequences; the
 * gradient through time is their measure), layers or networks whose Jacobian exceeds
 * {@link JacobianSpectrum#MAX_JACOBIAN_ENTRIES} entries, the input-output Jacobian of a network with truncated
 * backpropagation through time (its backward is not dy/dx), and a Jacobian with a non-finite entry.
 *
 * <p>Cost: for each measured layer, one backward of the layer per output unit (on the measured rows; on the whole batch
 * per row for a layer batch norm couples), and one SVD of min(in, out)^2 max(in, out) flops per row: a 256-wide dense
 * layer over 8 rows takes about 0.05 s once compiled.
 *
 * {@snippet :
 * JacobianSpectra s = JacobianSpectra.measure(net, probeBatch, 16, JacobianSpectra.Mode.TRAINING);
 * double glorot = s.layers().get(2).spectrum().mean().mean(); // about 0.8 for 5 tanh layers under glorot_uniform
 * }
 *
 * @param mode        how batch norm normalized
 * @param batchNorm   whether the network has batch norm (without it the two modes agree)
 * @param rows        the rows measured: the first {@code rows} rows of the batch
 * @param batchRows   the rows of the batch whose statistics batch norm uses in training mode
 * @param layers      one entry per top-level layer, in order
 * @param inputOutput the input-output Jacobian's spectra, or null when not measured
 * @param inputOutputNotMeasured why the input-output Jacobian was not measured, or null when it was
 */
public record JacobianSpectra(Mode mode, boolean batchNorm, int rows, int batchRows, List<LayerJacobian> layers,
                              @Nullable RowSpectra inputOutput, @Nullable String inputOutputNotMeasured) {

    /** The rows {@code diagnose} measures by default (fewer when the probe batch is smaller). */
    public static final int DEFAULT_ROWS = 8;

    public JacobianSpectra {
        Objects.requireNonNull(mode, "mode");
        layers = List.copyOf(layers);
        if (rows < 1 || rows > batchRows) {
            throw new IllegalArgumentException("rows must be in [1, " + batchRows + "] but was " + rows + ".");
        }
        if ((inputOutput == null) == (inputOutputNotMeasured == null)) {
            throw new IllegalArgumentException("the input-output spectra or the reason they were not measured, not "
                    + (inputOutput == null ? "neither." : "both."));
        }
    }

    /** How the layers run while their Jacobians are taken. */
    public enum Mode {
        /** Batch norm uses its running statistics (at initialization mean 0, variance 1: almost the identity). */
        EVALUATION,
        /** Batch norm uses the batch's statistics, as in a training step; the rows are coupled through them. */
        TRAINING;

        /** "evaluation" or "training". */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A number's mean and sample standard deviation over the rows (0 for one row).
     *
     * @param mean the mean over the rows
     * @param sd   the sample standard deviation over the rows
     */
    public record Spread(double mean, double sd) {
        static Spread of(double[] xs) {
            double mean = 0;
            for (double x : xs) mean += x;
            mean /= xs.length;
            double ss = 0;
            for (double x : xs) ss += (x - mean) * (x - mean);
            return new Spread(mean, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0.0);
        }
    }

    /**
     * One Jacobian's singular values summarized over rows. Each row's statistic is taken over that row's min(in, out)
     * singular values; {@link Spread} gives its mean and standard deviation over the rows. The condition number is the
     * median over the rows (a row whose smallest singular value is 0, e.g. a dead relu unit, has an infinite one; the
     * median stays finite while most rows are well defined).
     *
     * @param rows                the rows measured
     * @param mean                the mean singular value (Glorot &amp; Bengio's "average singular value")
     * @param median              the median singular value
     * @param max                 the largest singular value
     * @param min                 the smallest singular value
     * @param meanSquared         the mean squared singular value (||J||_F^2 / min(in, out); 1 under isometry)
     * @param medianCondition     the median over the rows of max / min (+Infinity when that row's min is 0)
     * @param meanSingularValues  the i-th largest singular value, averaged over the rows (the average spectrum)
     * @param lowestSingularValues  the i-th largest singular value, the smallest over the rows
     * @param highestSingularValues the i-th largest singular value, the largest over the rows
     */
    public record RowSpectra(int rows, Spread mean, Spread median, Spread max, Spread min, Spread meanSquared,
                             double medianCondition, List<Double> meanSingularValues, List<Double> lowestSingularValues,
                             List<Double> highestSingularValues) {
        public RowSpectra {
            if (rows < 1) throw new IllegalArgumentException("rows must be positive but was " + rows + ".");
            meanSingularValues = List.copyOf(meanSingularValues);
            lowestSingularValues = List.copyOf(lowestSingularValues);
            highestSingularValues = List.copyOf(highestSingularValues);
            if (!(medianCondition >= 1)) {
                throw new IllegalArgumentException("medianCondition must be at least 1 but was " + medianCondition + ".");
            }
        }

        /** The summary of per-row singular values, each row's sorted descending and all of one length. */
        static RowSpectra of(List<double[]> perRow) {
            int n = perRow.size();
            int m = perRow.getFirst().length;
            double[] mean = new double[n], median = new double[n], max = new double[n], min = new double[n];
            double[] meanSquared = new double[n], condition = new double[n];
            double[] avg = new double[m], lo = new double[m], hi = new double[m];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            for (int r = 0; r < n; r++) {
                double[] s = perRow.get(r);
                double sum = 0, sq = 0;
                for (int i = 0; i < m; i++) {
                    sum += s[i];
                    sq += s[i] * s[i];
                    avg[i] += s[i] / n;
                    lo[i] = Math.min(lo[i], s[i]);
                    hi[i] = Math.max(hi[i], s[i]);
                }
                mean[r] = sum / m;
                meanSquared[r] = sq / m;
                median[r] = m % 2 == 1 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
                max[r] = s[0];
                min[r] = s[m - 1];
                condition[r] = s[m - 1] > 0 ? s[0] / s[m - 1] : Double.POSITIVE_INFINITY;
            }
            java.util.Arrays.sort(condition);
            double medianCondition = n % 2 == 1 ? condition[n / 2] : (condition[n / 2 - 1] + condition[n / 2]) / 2;
            return new RowSpectra(n, Spread.of(mean), Spread.of(median), Spread.of(max), Spread.of(min),
                    Spread.of(meanSquared), medianCondition, list(avg), list(lo), list(hi));
        }

        private static List<Double> list(double[] xs) {
            List<Double> out = new ArrayList<>(xs.length);
            for (double x : xs) out.add(x);
            return out;
        }
    }

    /**
     * One top-level layer's Jacobian.
     *
     * @param index       the layer's position among the network's top-level layers (0 = first)
     * @param name        the layer's name
     * @param kind        "dense", "activation", "batch_norm", "layer_norm", "residual", "concat" or "recurrent"
     * @param inputWidth  the layer's input width
     * @param outputWidth the layer's output width
     * @param spectrum    its spectra over the rows, or null when not measured
     * @param notMeasured why it was not measured, or null when it was
     */
    public record LayerJacobian(int index, String name, String kind, int inputWidth, int outputWidth,
                                @Nullable RowSpectra spectrum, @Nullable String notMeasured) {
        public LayerJacobian {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            if ((spectrum == null) == (notMeasured == null)) {
                throw new IllegalArgumentException("layer " + name + ": a spectrum or the reason it was not measured, "
                        + "not " + (spectrum == null ? "neither." : "both."));
            }
        }
    }

    private static boolean hasBatchNorm(Network network) {
        return network.layers().stream().anyMatch(JacobianSpectra::hasBatchNorm);
    }

    /**
     * Measures the spectra on the first {@code rows} rows of {@code batch}, running the network in {@code mode} on the
     * whole batch.
     *
     * @param network the network (Not modified: parameters, gradients and batch-norm running statistics are restored;
     *                its buffers are reallocated for the batch sizes used)
     * @param batch   the probe batch [batchRows x inputSize] in the network's precision (Not modified)
     * @param rows    how many of its first rows to measure, in [1, batch rows]
     * @param mode    how batch norm normalizes
     */
    public static JacobianSpectra measure(Network network, Tensor batch, int rows, Mode mode) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(mode, "mode");
        if (batch.cols() != network.inputSize() || batch.precision() != network.precision()) {
            throw new IllegalArgumentException("batch must be " + network.precision() + " with " + network.inputSize()
                    + " columns but was " + batch.precision() + " with " + batch.cols() + ".");
        }
        if (rows < 1 || rows > batch.rows()) {
            throw new IllegalArgumentException("rows must be in [1, " + batch.rows() + "] but was " + rows + ".");
        }
        boolean training = mode == Mode.TRAINING;
        ZeroCostProxies.Snapshot snapshot = ZeroCostProxies.Snapshot.of(network);
        try {
            // Each top-level layer's input over the whole batch, kept apart from the buffers later forwards overwrite.
            List<Layer> top = network.layers();
            network.forward(batch, training);
            List<Tensor> inputs = new ArrayList<>(top.size());
            inputs.add(batch);
            for (int i = 0; i + 1 < top.size(); i++) inputs.add(network.layerOutput(i).copy());
            List<LayerJacobian> layers = new ArrayList<>(top.size());
            for (int i = 0; i < top.size(); i++) {
                Layer layer = top.get(i);
                String reason = containsRecurrent(layer)
                        ? "a recurrent layer maps whole sequences; its measure is the gradient through time"
                        : tooLarge(layer.inputSize(), layer.outputSize());
                RowSpectra spectrum = null;
                if (reason == null) {
                    List<DMatrixRMaj> js = rowJacobians(layer.inputSize(), layer.outputSize(), layer::forward,
                            layer::backward, inputs.get(i), rows, training && hasBatchNorm(layer), training);
                    reason = nonFinite(js);
                    if (reason == null) spectrum = spectra(js);
                }
                layers.add(new LayerJacobian(i, layer.name(), GradientHealth.kind(layer), layer.inputSize(),
                        layer.outputSize(), spectrum, reason));
            }
            String reason = tooLarge(network.inputSize(), network.outputSize());
            if (reason == null && top.stream().anyMatch(JacobianSpectra::truncated)) {
                reason = "truncated backpropagation through time does not give dy/dx";
            }
            RowSpectra io = null;
            if (reason == null) {
                List<DMatrixRMaj> js = rowJacobians(network.inputSize(), network.outputSize(), network::forward,
                        network::backward, batch, rows, training && hasBatchNorm(network), training);
                reason = nonFinite(js);
                if (reason == null) io = spectra(js);
            }
            return new JacobianSpectra(mode, hasBatchNorm(network), rows, batch.rows(), layers, io, reason);
        } finally {
            snapshot.restore();
        }
    }

    /** A forward as {@link Layer#forward} and {@link Network#forward} take it. */
    interface Forward {
        Tensor apply(Tensor input, boolean training);
    }

    /** A backward as {@link Layer#backward} and {@link Network#backward} take it. */
    interface Backward {
        Tensor apply(Tensor gradOutput);
    }

    /**
     * J_r = d out_r / d in_r [out x in] for the first {@code rows} rows, row k of each from a backward with a one-hot
     * gradient at output unit k. Rows that nothing couples share each backward (the measured rows alone are forwarded);
     * coupled rows (batch norm in training) are forwarded as the whole batch and get a backward each, whose row r is
     * the per-row block. ({@link JacobianSpectrum#jacobian} is its one-row, evaluation-mode case.)
     */
    static List<DMatrixRMaj> rowJacobians(int in, int out, Forward forward, Backward backward, Tensor input,
                                          int rows, boolean coupled, boolean training) {
        List<DMatrixRMaj> js = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) js.add(new DMatrixRMaj(out, in));
        if (!coupled) {
            Tensor x = Tensor.zeros(input.precision(), rows, in);
            for (int r = 0; r < rows; r++) for (int c = 0; c < in; c++) x.set(r, c, input.get(r, c));
            forward.apply(x, training);
            Tensor g = Tensor.zeros(input.precision(), rows, out);
            for (int k = 0; k < out; k++) {
                for (int r = 0; r < rows; r++) {
                    if (k > 0) g.set(r, k - 1, 0);
                    g.set(r, k, 1);
                }
                Tensor gi = backward.apply(g);
                for (int r = 0; r < rows; r++) for (int c = 0; c < in; c++) js.get(r).unsafe_set(k, c, gi.get(r, c));
            }
        } else {
            forward.apply(input, training);
            Tensor g = Tensor.zeros(input.precision(), input.rows(), out);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < out; k++) {
                    g.fill(0);
                    g.set(r, k, 1);
                    Tensor gi = backward.apply(g);
                    for (int c = 0; c < in; c++) js.get(r).unsafe_set(k, c, gi.get(r, c));
                }
            }
        }
        return js;
    }

    private static RowSpectra spectra(List<DMatrixRMaj> js) {
        List<double[]> perRow = new ArrayList<>(js.size());
        for (DMatrixRMaj j : js) perRow.add(JacobianSpectrum.singularValuesDescending(j));
        return RowSpectra.of(perRow);
    }

    private static @Nullable String nonFinite(List<DMatrixRMaj> js) {
        for (int r = 0; r < js.size(); r++) {
            for (double v : js.get(r).data) {
                if (!Double.isFinite(v)) return "the Jacobian at row " + (r + 1) + " is not finite";
            }
        }
        return null;
    }

    private static @Nullable String tooLarge(int in, int out) {
        return (long) in * out > JacobianSpectrum.MAX_JACOBIAN_ENTRIES
                ? "its " + out + "x" + in + " Jacobian exceeds " + JacobianSpectrum.MAX_JACOBIAN_ENTRIES + " entries"
                : null;
    }

    /** Whether {@code layer} or a layer inside it (a block's branch) satisfies {@code p}. */
    private static boolean any(Layer layer, Predicate<Layer> p) {
        return p.test(layer) || switch (layer) {
            case Residual r -> r.branch().stream().anyMatch(l -> any(l, p));
            case ConcatSkip c -> c.branch().stream().anyMatch(l -> any(l, p));
            default -> false;
        };
    }

    private static boolean hasBatchNorm(Layer layer) {
        return any(layer, BatchNorm.class::isInstance);
    }

    private static boolean containsRecurrent(Layer layer) {
        return any(layer, Recurrent.class::isInstance);
    }

    private static boolean truncated(Layer layer) {
        return any(layer, l -> l instanceof Recurrent r && r.truncation() != null);
    }
}
