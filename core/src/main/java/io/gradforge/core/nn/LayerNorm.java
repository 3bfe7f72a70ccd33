package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
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

    private double[] invStd = new double[0];
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
        invStd = new double[batchSize];
        xhat = Tensor.zeros(precision, batchSize, width);
        y = Tensor.zeros(precision, batchSize, width);
        gradInput = Tensor.zeros(precision, batchSize, width);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        for (int i = 0; i < batch(); i++) {
            int r = i * width;
            double m = 0;
            for (int j = 0; j < width; j++) m += input.get(r + j);
            m /= width;
            double v = 0;
            for (int j = 0; j < width; j++) {
                double d = input.get(r + j) - m;
                v += d * d;
            }
            double is = 1 / Math.sqrt(v / width + eps);
            invStd[i] = is;
            for (int j = 0; j < width; j++) {
                double xh = (input.get(r + j) - m) * is;
                xhat.set(r + j, xh);
                y.set(r + j, gamma.get(j) * xh + beta.get(j));
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        gammaGrad.fill(0);
        betaGrad.fill(0);
        for (int i = 0; i < batch(); i++) {
            int r = i * width;
            double sumG = 0;
            double sumGX = 0;
            for (int j = 0; j < width; j++) {
                double dy = gradOutput.get(r + j);
                double xh = xhat.get(r + j);
                gammaGrad.set(j, gammaGrad.get(j) + dy * xh);
                betaGrad.set(j, betaGrad.get(j) + dy);
                double g = dy * gamma.get(j);
                sumG += g;
                sumGX += g * xh;
            }
            double is = invStd[i];
            for (int j = 0; j < width; j++) {
                double g = gradOutput.get(r + j) * gamma.get(j);
                gradInput.set(r + j, is / width * (width * g - sumG - xhat.get(r + j) * sumGX));
            }
        }
        return gradInput;
    }

    @Override
    public String toString() {
        return "LayerNorm[" + name() + " " + width + "]";
    }
}
