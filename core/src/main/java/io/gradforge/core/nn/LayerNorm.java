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
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        if (xhat.isFloat64()) {
            forward(batch(), width, eps, input.f64(), gamma.f64(), beta.f64(), rowMean, invStd, xhat.f64(), y.f64());
        } else {
            forward(batch(), width, eps, input.f32(), gamma.f32(), beta.f32(), rowMean, invStd, xhat.f32(), y.f32());
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        if (xhat.isFloat64()) {
            backward(batch(), width, gradOutput.f64(), xhat.f64(), gamma.f64(), invStd, rowSumG, rowSumGX, gammaGrad.f64(),
                    betaGrad.f64(), gradInput.f64());
        } else {
            backward(batch(), width, gradOutput.f32(), xhat.f32(), gamma.f32(), invStd, rowSumG, rowSumGX, gammaGrad.f32(),
                    betaGrad.f32(), gradInput.f32());
        }
        return gradInput;
    }

    // The kernels, one copy per precision (the float32 one differs only in its array types and in rounding on
    // store): arithmetic in float64. Every sum keeps its order - a row's mean, variance and gradient sums over the
    // features in feature order, the parameter gradients over the rows in row order - so the bits are those of a
    // plain row-by-row loop on Tensor.get/set (LayerNormTest). A row's sum is a chain of dependent additions, which
    // bounds the speed of a row at a time; the "4" methods run four rows' chains side by side instead.

    private static void forward(int rows, int w, double eps, double[] x, double[] gamma, double[] beta, double[] mean,
            double[] invStd, double[] xhat, double[] y) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) moments4(i, w, eps, x, mean, invStd);
        for (; i < rows; i++) moments1(i, w, eps, x, mean, invStd);
        for (i = 0; i < rows; i++) {
            double m = mean[i], is = invStd[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double xh = (x[r + j] - m) * is;
                xhat[r + j] = xh;
                y[r + j] = gamma[j] * xh + beta[j];
            }
        }
    }

    /** Rows i..i+3: each row's mean and variance summed in feature order, the four rows side by side. */
    private static void moments4(int i, int w, double eps, double[] x, double[] mean, double[] invStd) {
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

    private static void moments1(int i, int w, double eps, double[] x, double[] mean, double[] invStd) {
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

    private static void backward(int rows, int w, double[] gy, double[] xhat, double[] gamma, double[] invStd,
            double[] sumG, double[] sumGX, double[] gammaGrad, double[] betaGrad, double[] gx) {
        Arrays.fill(gammaGrad, 0, w, 0.0);
        Arrays.fill(betaGrad, 0, w, 0.0);
        int i = 0;
        for (; i + 4 <= rows; i += 4) gradientSums4(i, w, gy, xhat, gamma, sumG, sumGX, gammaGrad, betaGrad);
        for (; i < rows; i++) gradientSums1(i, w, gy, xhat, gamma, sumG, sumGX, gammaGrad, betaGrad);
        for (i = 0; i < rows; i++) {
            double scale = invStd[i] / w, sg = sumG[i], sgx = sumGX[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double g = gy[r + j] * gamma[j];
                gx[r + j] = scale * (w * g - sg - xhat[r + j] * sgx);
            }
        }
    }

    /**
     * Rows i..i+3: each row's sums of dy*gamma and dy*gamma*xhat in feature order, the four rows side by side, and
     * their terms of the parameter gradients added in row order.
     */
    private static void gradientSums4(int i, int w, double[] gy, double[] xhat, double[] gamma, double[] sumG, double[] sumGX,
            double[] gammaGrad, double[] betaGrad) {
        int r0 = i * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
        double g0 = 0, g1 = 0, g2 = 0, g3 = 0, gx0 = 0, gx1 = 0, gx2 = 0, gx3 = 0;
        for (int j = 0; j < w; j++) {
            double dy0 = gy[r0 + j], dy1 = gy[r1 + j], dy2 = gy[r2 + j], dy3 = gy[r3 + j];
            double xh0 = xhat[r0 + j], xh1 = xhat[r1 + j], xh2 = xhat[r2 + j], xh3 = xhat[r3 + j];
            double gs = gammaGrad[j], bs = betaGrad[j];
            gs += dy0 * xh0;
            gs += dy1 * xh1;
            gs += dy2 * xh2;
            gs += dy3 * xh3;
            bs += dy0;
            bs += dy1;
            bs += dy2;
            bs += dy3;
            gammaGrad[j] = gs;
            betaGrad[j] = bs;
            double c = gamma[j], d0 = dy0 * c, d1 = dy1 * c, d2 = dy2 * c, d3 = dy3 * c;
            g0 += d0;
            g1 += d1;
            g2 += d2;
            g3 += d3;
            gx0 += d0 * xh0;
            gx1 += d1 * xh1;
            gx2 += d2 * xh2;
            gx3 += d3 * xh3;
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

    private static void gradientSums1(int i, int w, double[] gy, double[] xhat, double[] gamma, double[] sumG, double[] sumGX,
            double[] gammaGrad, double[] betaGrad) {
        int r = i * w;
        double sg = 0, sgx = 0;
        for (int j = 0; j < w; j++) {
            double dy = gy[r + j], xh = xhat[r + j];
            gammaGrad[j] += dy * xh;
            betaGrad[j] += dy;
            double d = dy * gamma[j];
            sg += d;
            sgx += d * xh;
        }
        sumG[i] = sg;
        sumGX[i] = sgx;
    }

    private static void forward(int rows, int w, double eps, float[] x, float[] gamma, float[] beta, double[] mean,
            double[] invStd, float[] xhat, float[] y) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) moments4(i, w, eps, x, mean, invStd);
        for (; i < rows; i++) moments1(i, w, eps, x, mean, invStd);
        for (i = 0; i < rows; i++) {
            double m = mean[i], is = invStd[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double xh = (x[r + j] - m) * is;
                xhat[r + j] = (float) (xh);
                y[r + j] = (float) (gamma[j] * xh + beta[j]);
            }
        }
    }

    /** Rows i..i+3: each row's mean and variance summed in feature order, the four rows side by side. */
    private static void moments4(int i, int w, double eps, float[] x, double[] mean, double[] invStd) {
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

    private static void moments1(int i, int w, double eps, float[] x, double[] mean, double[] invStd) {
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

    private static void backward(int rows, int w, float[] gy, float[] xhat, float[] gamma, double[] invStd,
            double[] sumG, double[] sumGX, float[] gammaGrad, float[] betaGrad, float[] gx) {
        Arrays.fill(gammaGrad, 0, w, 0f);
        Arrays.fill(betaGrad, 0, w, 0f);
        int i = 0;
        for (; i + 4 <= rows; i += 4) gradientSums4(i, w, gy, xhat, gamma, sumG, sumGX, gammaGrad, betaGrad);
        for (; i < rows; i++) gradientSums1(i, w, gy, xhat, gamma, sumG, sumGX, gammaGrad, betaGrad);
        for (i = 0; i < rows; i++) {
            double scale = invStd[i] / w, sg = sumG[i], sgx = sumGX[i];
            for (int j = 0, r = i * w; j < w; j++) {
                double g = (double) gy[r + j] * gamma[j];
                gx[r + j] = (float) (scale * (w * g - sg - xhat[r + j] * sgx));
            }
        }
    }

    /**
     * Rows i..i+3: each row's sums of dy*gamma and dy*gamma*xhat in feature order, the four rows side by side, and
     * their terms of the parameter gradients added in row order.
     */
    private static void gradientSums4(int i, int w, float[] gy, float[] xhat, float[] gamma, double[] sumG, double[] sumGX,
            float[] gammaGrad, float[] betaGrad) {
        int r0 = i * w, r1 = r0 + w, r2 = r1 + w, r3 = r2 + w;
        double g0 = 0, g1 = 0, g2 = 0, g3 = 0, gx0 = 0, gx1 = 0, gx2 = 0, gx3 = 0;
        for (int j = 0; j < w; j++) {
            double dy0 = gy[r0 + j], dy1 = gy[r1 + j], dy2 = gy[r2 + j], dy3 = gy[r3 + j];
            double xh0 = xhat[r0 + j], xh1 = xhat[r1 + j], xh2 = xhat[r2 + j], xh3 = xhat[r3 + j];
            float gs = gammaGrad[j], bs = betaGrad[j];
            gs = (float) (gs + dy0 * xh0);
            gs = (float) (gs + dy1 * xh1);
            gs = (float) (gs + dy2 * xh2);
            gs = (float) (gs + dy3 * xh3);
            bs = (float) (bs + dy0);
            bs = (float) (bs + dy1);
            bs = (float) (bs + dy2);
            bs = (float) (bs + dy3);
            gammaGrad[j] = gs;
            betaGrad[j] = bs;
            double c = gamma[j], d0 = dy0 * c, d1 = dy1 * c, d2 = dy2 * c, d3 = dy3 * c;
            g0 += d0;
            g1 += d1;
            g2 += d2;
            g3 += d3;
            gx0 += d0 * xh0;
            gx1 += d1 * xh1;
            gx2 += d2 * xh2;
            gx3 += d3 * xh3;
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

    private static void gradientSums1(int i, int w, float[] gy, float[] xhat, float[] gamma, double[] sumG, double[] sumGX,
            float[] gammaGrad, float[] betaGrad) {
        int r = i * w;
        double sg = 0, sgx = 0;
        for (int j = 0; j < w; j++) {
            double dy = gy[r + j], xh = xhat[r + j];
            gammaGrad[j] = (float) (gammaGrad[j] + dy * xh);
            betaGrad[j] = (float) (betaGrad[j] + dy);
            double d = dy * gamma[j];
            sg += d;
            sgx += d * xh;
        }
        sumG[i] = sg;
        sumGX[i] = sgx;
    }

    @Override
    public String toString() {
        return "LayerNorm[" + name() + " " + width + "]";
    }
}
