package io.gradforge.core.loss;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Training losses, PyTorch conventions (reduction "mean"). For a prediction P and target T of shape
 * [batch x outputs] (N = batch * outputs elements):
 *
 * <ul>
 *   <li>{@link #MSE}: (1/N) sum (p - t)^2 (no 0.5 factor), like {@code nn.MSELoss}.</li>
 *   <li>{@link #BINARY_CROSS_ENTROPY}: P are logits z; (1/N) sum [max(z,0) - z t + ln(1 + e^{-|z|})], the stable
 *       form of -[t ln sigmoid(z) + (1-t) ln(1 - sigmoid(z))], like {@code nn.BCEWithLogitsLoss}.</li>
 *   <li>{@link #SOFTMAX_CROSS_ENTROPY}: P are logits; (1/batch) sum_rows -sum_j t_j log softmax(z)_j with
 *       log-sum-exp shifted by the row max; T is one-hot or any probability rows, like
 *       {@code nn.CrossEntropyLoss} with probability targets.</li>
 * </ul>
 *
 * Targets may be of any precision; predictions and gradients share the network precision.
 *
 * {@snippet :
 * double loss = Loss.SOFTMAX_CROSS_ENTROPY.forwardBackward(logits, oneHot, gradLogits);
 * }
 */
public enum Loss {
    MSE,
    BINARY_CROSS_ENTROPY,
    SOFTMAX_CROSS_ENTROPY;

    /** The lower_snake YAML name, e.g. "softmax_cross_entropy". */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a YAML name (case-insensitive); aliases "mse_loss", "bce", "cross_entropy". */
    public static Optional<Loss> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        switch (n) {
            case "bce", "bce_with_logits" -> { return Optional.of(BINARY_CROSS_ENTROPY); }
            case "cross_entropy", "softmax_ce" -> { return Optional.of(SOFTMAX_CROSS_ENTROPY); }
            default -> { }
        }
        for (Loss l : values()) if (l.yamlName().equals(n)) return Optional.of(l);
        return Optional.empty();
    }

    /** Every accepted YAML name, aliases included. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Loss l : values()) names.add(l.yamlName());
        names.addAll(List.of("bce", "bce_with_logits", "cross_entropy", "softmax_ce"));
        return List.copyOf(names);
    }

    /** The mean loss. Allocates nothing. */
    public double value(Tensor prediction, Tensor target) {
        checkShapes(prediction, target);
        return compute(prediction, target, null);
    }

    /**
     * Returns the mean loss and writes dL/dprediction into {@code gradPrediction} (Modified; same shape and
     * precision as the prediction, must not alias it). Allocates nothing.
     */
    public double forwardBackward(Tensor prediction, Tensor target, Tensor gradPrediction) {
        checkShapes(prediction, target);
        if (gradPrediction.rows() != prediction.rows() || gradPrediction.cols() != prediction.cols()) {
            throw new IllegalArgumentException("gradient buffer must be " + prediction.rows() + "x" + prediction.cols()
                    + " but was " + gradPrediction.rows() + "x" + gradPrediction.cols() + ".");
        }
        if (gradPrediction == prediction) throw new IllegalArgumentException("gradPrediction must not alias prediction.");
        return compute(prediction, target, gradPrediction);
    }

    /**
     * The loss of the best constant prediction on {@code data}: what a network that learned nothing about the
     * inputs would reach. MSE: the mean variance of the target columns; binary cross-entropy: the mean entropy
     * of each column's base rate; softmax cross-entropy: the entropy of the class frequencies. A search compares
     * loss curves against it, so that a network which merely starts badly does not look like a fast learner.
     */
    public double baseline(Dataset data) {
        int n = data.size(), k = data.outputSize();
        if (n == 0) return Double.NaN;
        double total = 0.0;
        for (int c = 0; c < k; c++) {
            double mean = 0.0;
            for (int r = 0; r < n; r++) mean += data.target(r, c);
            mean /= n;
            switch (this) {
                case MSE -> {
                    double var = 0.0;
                    for (int r = 0; r < n; r++) {
                        double d = data.target(r, c) - mean;
                        var += d * d;
                    }
                    total += var / n;
                }
                case BINARY_CROSS_ENTROPY -> total += entropyTerm(mean) + entropyTerm(1 - mean);
                case SOFTMAX_CROSS_ENTROPY -> total += entropyTerm(mean);
            }
        }
        return this == SOFTMAX_CROSS_ENTROPY ? total : total / k;
    }

    private static double entropyTerm(double p) {
        return p <= 0 || p >= 1 ? 0.0 : -p * Math.log(p);
    }

    /**
     * The fraction of correct predictions: argmax agreement per row for softmax cross-entropy, (logit &gt; 0) ==
     * (target &gt; 0.5) per element for binary cross-entropy, NaN for MSE (a regression loss).
     */
    public double accuracy(Tensor prediction, Tensor target) {
        checkShapes(prediction, target);
        int rows = prediction.rows();
        int cols = prediction.cols();
        return switch (this) {
            case MSE -> Double.NaN;
            case BINARY_CROSS_ENTROPY -> {
                int correct = 0;
                for (int i = 0; i < rows * cols; i++) {
                    if ((prediction.get(i) > 0) == (target.get(i) > 0.5)) correct++;
                }
                yield rows * cols == 0 ? Double.NaN : (double) correct / (rows * cols);
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                int correct = 0;
                for (int i = 0; i < rows; i++) {
                    if (argmax(prediction, i) == argmax(target, i)) correct++;
                }
                yield rows == 0 ? Double.NaN : (double) correct / rows;
            }
        };
    }

    private double compute(Tensor p, Tensor t, @Nullable Tensor g) {
        int rows = p.rows();
        int cols = p.cols();
        int n = rows * cols;
        if (n == 0) return 0;
        double sum = 0;
        switch (this) {
            case MSE -> {
                if (g != null && p.precision() == t.precision()) return mseRaw(p, t, g, n);
                for (int i = 0; i < n; i++) {
                    double d = p.get(i) - t.get(i);
                    sum += d * d;
                    if (g != null) g.set(i, 2 * d / n);
                }
                return sum / n;
            }
            case BINARY_CROSS_ENTROPY -> {
                for (int i = 0; i < n; i++) {
                    double z = p.get(i);
                    double y = t.get(i);
                    sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                    if (g != null) g.set(i, (sigmoid(z) - y) / n);
                }
                return sum / n;
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < cols; j++) max = Math.max(max, p.get(o + j));
                    double se = 0;
                    for (int j = 0; j < cols; j++) se += Math.exp(p.get(o + j) - max);
                    double lse = max + Math.log(se);
                    double tsum = 0;
                    for (int j = 0; j < cols; j++) {
                        double tj = t.get(o + j);
                        tsum += tj;
                        if (tj != 0) sum -= tj * (p.get(o + j) - lse);
                    }
                    if (g != null) {
                        // d/dz_j of -sum_k t_k (z_k - lse) = softmax_j * sum_k t_k - t_j
                        for (int j = 0; j < cols; j++) {
                            g.set(o + j, (Math.exp(p.get(o + j) - lse) * tsum - t.get(o + j)) / rows);
                        }
                    }
                }
                return sum / rows;
            }
        }
        throw new AssertionError(this);
    }

    /** MSE and its gradient on the raw arrays (prediction, target and gradient in one precision). */
    private static double mseRaw(Tensor p, Tensor t, Tensor g, int n) {
        double sum = 0;
        if (p.isFloat64()) {
            double[] pa = p.f64(), ta = t.f64(), ga = g.f64();
            for (int i = 0; i < n; i++) {
                double d = pa[i] - ta[i];
                sum += d * d;
                ga[i] = 2 * d / n;
            }
        } else {
            float[] pa = p.f32(), ta = t.f32(), ga = g.f32();
            for (int i = 0; i < n; i++) {
                double d = (double) pa[i] - ta[i];
                sum += d * d;
                ga[i] = (float) (2 * d / n);
            }
        }
        return sum / n;
    }

    private static double sigmoid(double z) {
        if (z >= 0) return 1 / (1 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1 + e);
    }

    private static int argmax(Tensor x, int row) {
        int cols = x.cols();
        int best = 0;
        double bv = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double v = x.get(row * cols + j);
            if (v > bv) {
                bv = v;
                best = j;
            }
        }
        return best;
    }

    private static void checkShapes(Tensor prediction, Tensor target) {
        if (prediction.rows() != target.rows() || prediction.cols() != target.cols()) {
            throw new IllegalArgumentException("target must be " + prediction.rows() + "x" + prediction.cols()
                    + " like the prediction but was " + target.rows() + "x" + target.cols() + ".");
        }
    }
}
