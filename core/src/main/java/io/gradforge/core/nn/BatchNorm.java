package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Batch normalization over the batch dimension (Ioffe &amp; Szegedy 2015), PyTorch conventions:
 * y = gamma (x - mean) / sqrt(var + eps) + beta with learned gamma (init 1) and beta (init 0).
 * Training uses the batch mean and biased variance and updates running statistics as
 * {@code running = (1 - momentum) running + momentum * batch}, with the unbiased variance for the running
 * variance (as PyTorch does); evaluation ({@code training == false}) uses the running statistics.
 */
public final class BatchNorm extends LayerBase implements Layer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int width;
    private final double eps;
    private final double momentum;
    private final Tensor gamma;
    private final Tensor gammaGrad;
    private final Tensor beta;
    private final Tensor betaGrad;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final double[] mean;
    private final double[] invStd;
    private final double[] sumG;
    private final double[] sumGX;

    private Tensor xhat = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor y = xhat;
    private Tensor gradInput = xhat;
    private boolean lastTraining;
    private @Nullable Tensor input;

    private BatchNorm(int width, double eps, double momentum, Precision precision) {
        super(precision);
        TensorOps.checkWidth("batch norm width", width);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batch norm eps must be positive but was " + eps + ".");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm momentum must be in [0, 1] but was " + momentum + ".");
        }
        this.width = width;
        this.eps = eps;
        this.momentum = momentum;
        gamma = Tensor.zeros(precision, 1, width);
        gamma.fill(1);
        gammaGrad = Tensor.zeros(precision, 1, width);
        beta = Tensor.zeros(precision, 1, width);
        betaGrad = Tensor.zeros(precision, 1, width);
        runningMean = Tensor.zeros(precision, 1, width);
        runningVar = Tensor.zeros(precision, 1, width);
        runningVar.fill(1);
        mean = new double[width];
        invStd = new double[width];
        sumG = new double[width];
        sumGX = new double[width];
    }

    public static BatchNorm of(int width, Precision precision) {
        return new BatchNorm(width, DEFAULT_EPS, DEFAULT_MOMENTUM, precision);
    }

    public static BatchNorm of(int width, double eps, double momentum, Precision precision) {
        return new BatchNorm(width, eps, momentum, precision);
    }

    @Override public int inputSize() { return width; }
    @Override public int outputSize() { return width; }
    public double eps() { return eps; }
    public double momentum() { return momentum; }
    public Tensor gamma() { return gamma; }
    public Tensor beta() { return beta; }
    /** Running mean [1 x width] (a buffer, not a parameter). */
    public Tensor runningMean() { return runningMean; }
    /** Running (unbiased) variance [1 x width] (a buffer, not a parameter). */
    public Tensor runningVar() { return runningVar; }

    @Override
    List<Parameter> createParameters(String prefix) {
        return List.of(new Parameter(prefix + "gamma", gamma, gammaGrad), new Parameter(prefix + "beta", beta, betaGrad));
    }

    @Override
    void allocateBuffers(int batchSize) {
        xhat = Tensor.zeros(precision, batchSize, width);
        y = Tensor.zeros(precision, batchSize, width);
        gradInput = Tensor.zeros(precision, batchSize, width);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        lastTraining = training;
        int n = batch();
        if (training) {
            Arrays.fill(mean, 0);
            Arrays.fill(sumG, 0); // reused as the variance accumulator
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < width; j++) mean[j] += input.get(i * width + j);
            }
            for (int j = 0; j < width; j++) mean[j] /= n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < width; j++) {
                    double d = input.get(i * width + j) - mean[j];
                    sumG[j] += d * d;
                }
            }
            for (int j = 0; j < width; j++) {
                double biased = sumG[j] / n;
                invStd[j] = 1 / Math.sqrt(biased + eps);
                double unbiased = n > 1 ? sumG[j] / (n - 1) : biased;
                runningMean.set(j, (1 - momentum) * runningMean.get(j) + momentum * mean[j]);
                runningVar.set(j, (1 - momentum) * runningVar.get(j) + momentum * unbiased);
            }
        } else {
            for (int j = 0; j < width; j++) {
                mean[j] = runningMean.get(j);
                invStd[j] = 1 / Math.sqrt(runningVar.get(j) + eps);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                int k = i * width + j;
                double xh = (input.get(k) - mean[j]) * invStd[j];
                xhat.set(k, xh);
                y.set(k, gamma.get(j) * xh + beta.get(j));
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        int n = batch();
        Arrays.fill(sumG, 0);  // sum_i dy
        Arrays.fill(sumGX, 0); // sum_i dy * xhat
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                int k = i * width + j;
                double g = gradOutput.get(k);
                sumG[j] += g;
                sumGX[j] += g * xhat.get(k);
            }
        }
        for (int j = 0; j < width; j++) {
            betaGrad.set(j, sumG[j]);
            gammaGrad.set(j, sumGX[j]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                int k = i * width + j;
                double gj = gamma.get(j);
                double dx = lastTraining
                        // d/dx of the batch-normalized output: the mean and variance depend on x too.
                        ? gj * invStd[j] / n * (n * gradOutput.get(k) - sumG[j] - xhat.get(k) * sumGX[j])
                        : gj * invStd[j] * gradOutput.get(k);
                gradInput.set(k, dx);
            }
        }
        return gradInput;
    }

    @Override
    public String toString() {
        return "BatchNorm[" + name() + " " + width + "]";
    }
}
