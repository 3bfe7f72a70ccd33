package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Layer normalization (Ba et al. 2016): each row is normalized over its features with the biased variance,
 * y = gamma (x - mean_row) / sqrt(var_row + eps) + beta, gamma (init 1) and beta (init 0) learned per feature.
 * Training and evaluation behave the same.
 */
public final class LayerNorm extends LayerBase implements Layer {
    public static final double DEFAULT_EPS = 1e-5;

    private final int width;
    private final double eps;
    private final Tensor gamma;
    private final Tensor gammaGrad;
    private final Tensor beta;
    private final Tensor betaGrad;

    private double[] rowMean = new double[0];
    private double[] invStd = new double[0];
    private double[] rowSumG = new double[0];  // backward: per row, sum_j dy*gamma
    private double[] rowSumGX = new double[0]; // and sum_j dy*gamma*xhat
    private Tensor xhat = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor y = xhat;
    private Tensor gradInput = xhat;
    private @Nullable Tensor input;
    // float32 only: the float64 copies the shared kernels work on (exact widenings, and results before rounding)
    private double[] wideA = new double[0];
    private double[] wideB = new double[0];
    private double[] wideC = new double[0];
    private final double[] wideGamma;
    private final double[] wideBeta;

    private LayerNorm(int width, double eps, Precision precision) {
        super(precision);
        TensorOps.checkWidth("layer norm width", width);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("layer norm eps must be positive but was " + eps + ".");
        }
        this.width = width;
        this.eps = eps;
        gamma = Tensor.zeros(precision, 1, width);
        gamma.fill(1);
        gammaGrad = Tensor.zeros(precision, 1, width);
        beta = Tensor.zeros(precision, 1, width);
        betaGrad = Tensor.zeros(precision, 1, width);
        wideGamma = new double[precision == Precision.FLOAT64 ? 0 : width];
        wideBeta = new double[precision == Precision.FLOAT64 ? 0 : width];
    }

    public static LayerNorm of(int width, Precision precision) {
        return new LayerNorm(width, DEFAULT_EPS, precision);
    }

    public static LayerNorm of(int width, double eps, Precision precision) {
        return new LayerNorm(width, eps, precision);
    }

    @Override public int inputSize() { return width; }
    @Override public int outputSize() { return width; }
    public double eps() { return eps; }
    public Tensor gamma() { return gamma; }
    public Tensor beta() { return beta; }

    @Override
    List<Parameter> createParameters(String prefix) {
        return List.of(new Parameter(prefix + "gamma", gamma, gammaGrad), new Parameter(prefix + "beta", beta, betaGrad));
    }

    @Override
    void allocateBuffers(int batchSize) {
        rowMean = new double[batchSize];
        invStd = new double[batchSize];
        rowSumG = new double[batchSize];
        rowSumGX = new double[batchSize];
        xhat = Tensor.zeros(precision, batchSize, width);
        y = Tensor.zeros(precision, batchSize, width);
        gradInput = Tensor.zeros(precision, batchSize, width);
        if (precision != Precision.FLOAT64) {
            wideA = new double[batchSize * width];
            wideB = new double[batchSize * width];
            wideC = new double[batchSize * width];
        }
    }

    // The arithmetic is in float64 for both precisions, float32 results rounded on store, and every sum keeps its
    // order: a row's mean, variance and gradient sums over the features in feature order, the parameter gradients
    // over the rows in row order. So the bits are those of a plain row-by-row loop on Tensor.get/set
    // (LayerNormTest). A float32 layer widens its inputs exactly into float64 buffers and runs the same kernels;
    // only the parameter gradients, rounded to float32 after every row's term, have a loop per precision.

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        int rows = batch(), n = rows * width;
        if (precision == Precision.FLOAT64) {
            moments(rows, width, eps, input.f64(), rowMean, invStd);
            normalize(rows, width, input.f64(), gamma.f64(), beta.f64(), rowMean, invStd, xhat.f64(), y.f64());
        } else {
            double[] x = widen(n, input.f32(), wideA);
            moments(rows, width, eps, x, rowMean, invStd);
            normalize(rows, width, x, widen(width, gamma.f32(), wideGamma), widen(width, beta.f32(), wideBeta),
                    rowMean, invStd, wideB, wideC);
            narrow(n, wideB, xhat.f32());
            narrow(n, wideC, y.f32());
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        int rows = batch(), n = rows * width;
        if (precision == Precision.FLOAT64) {
            double[] gy = gradOutput.f64(), xh = xhat.f64(), g = gamma.f64();
            gradientSums(rows, width, gy, xh, g, rowSumG, rowSumGX);
            parameterGradients(rows, width, gy, xh, gammaGrad.f64(), betaGrad.f64());
            inputGradient(rows, width, gy, xh, g, invStd, rowSumG, rowSumGX, gradInput.f64());
        } else {
            double[] gy = widen(n, gradOutput.f32(), wideA), xh = widen(n, xhat.f32(), wideB);
            double[] g = widen(width, gamma.f32(), wideGamma);
            gradientSums(rows, width, gy, xh, g, rowSumG, rowSumGX);
            parameterGradients(rows, width, gradOutput.f32(), xhat.f32(), gammaGrad.f32(), betaGrad.f32());
            inputGradient(rows, width, gy, xh, g, invStd, rowSumG, rowSumGX, wideC);
            narrow(n, wideC, gradInput.f32());
        }
        return gradInput;
    }

    /**
     * Each row's mean and 1 / sqrt(variance + eps). A row's sum is a chain of dependent additions, so rows go four
     * at a time, their chains side by side (each still in feature order).
     */
    private static void moments(int rows, int w, double eps, double[] x, double[] mean, double[] invStd) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = i * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
            double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
            for (int j = 0; j < w; j++) {
                m0 += x[r0 + j];
                m1 += x[r1 + j];
                m2 += x[r2 + j];
                m3 += x[r3 + j];
            }
            m0 /= w;
            m1 /= w;
            m2 /= w;
            m3 /= w;
            double v0 = 0, v1 = 0, v2 = 0, v3 = 0;
            for (int j = 0; j < w; j++) {
                double d0 = x[r0 + j] - m0, d1 = x[r1 + j] - m1, d2 = x[r2 + j] - m2, d3 = x[r3 + j] - m3;
                v0 += d0 * d0;
                v1 += d1 * d1;
                v2 += d2 * d2;
                v3 += d3 * d3;
            }
            mean[i] = m0;
            mean[i + 1] = m1;
            mean[i + 2] = m2;
            mean[i + 3] = m3;
            invStd[i] = 1 / Math.sqrt(v0 / w + eps);
            invStd[i + 1] = 1 / Math.sqrt(v1 / w + eps);
            invStd[i + 2] = 1 / Math.sqrt(v2 / w + eps);
            invStd[i + 3] = 1 / Math.sqrt(v3 / w + eps);
        }
        for (; i < rows; i++) {
            int r = i * w;
            double m = 0;
            for (int j = 0; j < w; j++) m += x[r + j];
            m /= w;
            double v = 0;
            for (int j = 0; j < w; j++) {
                double d = x[r + j] - m;
                v += d * d;
            }
            mean[i] = m;
            invStd[i] = 1 / Math.sqrt(v / w + eps);
        }
    }

    /** xhat = (x - mean) * invStd and y = gamma * xhat + beta, row by row. */
    private static void normalize(int rows, int w, double[] x, double[] gamma, double[] beta, double[] mean,
            double[] invStd, double[] xhat, double[] y) {
        for (int i = 0; i < rows; i++) {
            double m = mean[i], is = invStd[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double xh = (x[r + j] - m) * is;
                xhat[r + j] = xh;
                y[r + j] = gamma[j] * xh + beta[j];
            }
        }
    }

    /** Each row's sums of dy * gamma and dy * gamma * xhat, four rows side by side as in {@link #moments}. */
    private static void gradientSums(int rows, int w, double[] gy, double[] xhat, double[] gamma, double[] sumG,
            double[] sumGX) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = i * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
            double g0 = 0, g1 = 0, g2 = 0, g3 = 0, gx0 = 0, gx1 = 0, gx2 = 0, gx3 = 0;
            for (int j = 0; j < w; j++) {
                double c = gamma[j];
                double d0 = gy[r0 + j] * c, d1 = gy[r1 + j] * c, d2 = gy[r2 + j] * c, d3 = gy[r3 + j] * c;
                g0 += d0;
                g1 += d1;
                g2 += d2;
                g3 += d3;
                gx0 += d0 * xhat[r0 + j];
                gx1 += d1 * xhat[r1 + j];
                gx2 += d2 * xhat[r2 + j];
                gx3 += d3 * xhat[r3 + j];
            }
            sumG[i] = g0;
            sumG[i + 1] = g1;
            sumG[i + 2] = g2;
            sumG[i + 3] = g3;
            sumGX[i] = gx0;
            sumGX[i + 1] = gx1;
            sumGX[i + 2] = gx2;
            sumGX[i + 3] = gx3;
        }
        for (; i < rows; i++) {
            int r = i * w;
            double g = 0, gx = 0;
            for (int j = 0; j < w; j++) {
                double d = gy[r + j] * gamma[j];
                g += d;
                gx += d * xhat[r + j];
            }
            sumG[i] = g;
            sumGX[i] = gx;
        }
    }

    /** dL/dx = invStd / w * (w * dy * gamma - sumG - xhat * sumGX). */
    private static void inputGradient(int rows, int w, double[] gy, double[] xhat, double[] gamma, double[] invStd,
            double[] sumG, double[] sumGX, double[] gx) {
        for (int i = 0; i < rows; i++) {
            double scale = invStd[i] / w, sg = sumG[i], sgx = sumGX[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double g = gy[r + j] * gamma[j];
                gx[r + j] = scale * (w * g - sg - xhat[r + j] * sgx);
            }
        }
    }

    /** gammaGrad = sum over rows of dy * xhat, betaGrad = sum of dy, in row order. */
    private static void parameterGradients(int rows, int w, double[] gy, double[] xhat, double[] gammaGrad,
            double[] betaGrad) {
        Arrays.fill(gammaGrad, 0, w, 0.0);
        Arrays.fill(betaGrad, 0, w, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0, r = i * w; j < w; j++) {
                gammaGrad[j] += gy[r + j] * xhat[r + j];
                betaGrad[j] += gy[r + j];
            }
        }
    }

    /** The float32 sums, in float64 and rounded after each row's term, as a float32 buffer accumulates. */
    private static void parameterGradients(int rows, int w, float[] gy, float[] xhat, float[] gammaGrad,
            float[] betaGrad) {
        Arrays.fill(gammaGrad, 0, w, 0f);
        Arrays.fill(betaGrad, 0, w, 0f);
        for (int i = 0; i < rows; i++) {
            for (int j = 0, r = i * w; j < w; j++) {
                gammaGrad[j] = (float) (gammaGrad[j] + (double) gy[r + j] * xhat[r + j]);
                betaGrad[j] = (float) (betaGrad[j] + (double) gy[r + j]);
            }
        }
    }

    private static double[] widen(int n, float[] from, double[] to) {
        for (int i = 0; i < n; i++) to[i] = from[i];
        return to;
    }

    private static void narrow(int n, double[] from, float[] to) {
        for (int i = 0; i < n; i++) to[i] = (float) from[i];
    }

    @Override
    public String toString() {
        return "LayerNorm[" + name() + " " + width + "]";
    }
}
