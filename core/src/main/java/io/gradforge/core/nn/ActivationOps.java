package io.gradforge.core.nn;

import static io.gradforge.core.nn.TensorOps.K;

import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Applies an {@link Activation} to whole buffers. tanh, sigmoid, the relu family, elu, selu and swish go through the
 * kernels (their deterministic exp, tanh and sigmoid, within a few ulps of {@link Activation#value} and
 * {@link Activation#derivative}, which keep the {@code Math}-based definitions for scalar uses); gelu and softplus
 * loop over {@link Activation#value}. PReLU reads a per-column slope tensor.
 */
final class ActivationOps {
    private ActivationOps() {}

    /**
     * h += bias (per row), then y = phi(h), in one pass over h when the kernels fuse it (tanh, the relu family other
     * than prelu, elu, selu, swish); returns false, touching nothing, for other activations.
     */
    static boolean forwardWithBias(Activation act, Tensor h, Tensor bias, Tensor y) {
        int rows = h.rows(), cols = h.cols();
        boolean f64 = h.isFloat64();
        switch (act.kind()) {
            case TANH -> {
                if (f64) K.addRowVectorTanh(rows, cols, h.f64(), bias.f64(), y.f64());
                else K.addRowVectorTanh(rows, cols, h.f32(), bias.f32(), y.f32());
                return true;
            }
            case RELU, LEAKY_RELU -> {
                double a = act.parameter();
                if (f64) K.addRowVectorLeakyRelu(rows, cols, a, h.f64(), bias.f64(), y.f64());
                else K.addRowVectorLeakyRelu(rows, cols, (float) a, h.f32(), bias.f32(), y.f32());
                return true;
            }
            case ELU, SELU -> {
                double alpha = eluAlpha(act), scale = eluScale(act);
                if (f64) K.addRowVectorElu(rows, cols, alpha, scale, h.f64(), bias.f64(), y.f64());
                else K.addRowVectorElu(rows, cols, (float) alpha, (float) scale, h.f32(), bias.f32(), y.f32());
                return true;
            }
            case SWISH -> {
                double beta = act.parameter();
                if (f64) K.addRowVectorSwish(rows, cols, beta, h.f64(), bias.f64(), y.f64());
                else K.addRowVectorSwish(rows, cols, (float) beta, h.f32(), bias.f32(), y.f32());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * gh = gy * phi'(h) and biasGrad = column sums of gh, in one pass when the kernels fuse it (as
     * {@link #forwardWithBias}); returns false, touching nothing, for other activations.
     */
    static boolean backwardWithBiasGrad(Activation act, Tensor h, Tensor y, Tensor gy, Tensor gh, Tensor biasGrad) {
        int rows = h.rows(), cols = h.cols();
        boolean f64 = h.isFloat64();
        switch (act.kind()) {
            case TANH -> {
                if (f64) K.tanhBackwardSumRows(rows, cols, y.f64(), gy.f64(), gh.f64(), biasGrad.f64());
                else K.tanhBackwardSumRows(rows, cols, y.f32(), gy.f32(), gh.f32(), biasGrad.f32());
                return true;
            }
            case RELU, LEAKY_RELU -> {
                double a = act.parameter();
                if (f64) K.leakyReluBackwardSumRows(rows, cols, a, h.f64(), gy.f64(), gh.f64(), biasGrad.f64());
                else K.leakyReluBackwardSumRows(rows, cols, (float) a, h.f32(), gy.f32(), gh.f32(), biasGrad.f32());
                return true;
            }
            case ELU, SELU -> {
                double alpha = eluAlpha(act), scale = eluScale(act);
                if (f64) {
                    K.eluBackwardSumRows(rows, cols, alpha, scale, h.f64(), y.f64(), gy.f64(), gh.f64(), biasGrad.f64());
                } else {
                    K.eluBackwardSumRows(rows, cols, (float) alpha, (float) scale, h.f32(), y.f32(), gy.f32(), gh.f32(),
                            biasGrad.f32());
                }
                return true;
            }
            case SWISH -> {
                double beta = act.parameter();
                if (f64) K.swishBackwardSumRows(rows, cols, beta, h.f64(), gy.f64(), gh.f64(), biasGrad.f64());
                else K.swishBackwardSumRows(rows, cols, (float) beta, h.f32(), gy.f32(), gh.f32(), biasGrad.f32());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** y = phi(h). {@code slope} ([1 x cols]) is required for PRELU. */
    static void forward(Activation act, @Nullable Tensor slope, Tensor h, Tensor y) {
        int n = h.size();
        boolean f64 = h.isFloat64();
        switch (act.kind()) {
            case IDENTITY -> y.copyFrom(h);
            case TANH -> { if (f64) K.tanh(n, h.f64(), y.f64()); else K.tanh(n, h.f32(), y.f32()); }
            case SIGMOID -> { if (f64) K.sigmoid(n, h.f64(), y.f64()); else K.sigmoid(n, h.f32(), y.f32()); }
            case RELU, LEAKY_RELU -> {
                double a = act.parameter();
                if (f64) K.leakyRelu(n, a, h.f64(), y.f64()); else K.leakyRelu(n, (float) a, h.f32(), y.f32());
            }
            case PRELU -> {
                int cols = h.cols();
                if (f64) {
                    double[] x = h.f64(), out = y.f64(), s = slope.f64();
                    for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : s[i % cols] * x[i];
                } else {
                    float[] x = h.f32(), out = y.f32(), s = slope.f32();
                    for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : s[i % cols] * x[i];
                }
            }
            case ELU, SELU -> {
                double alpha = eluAlpha(act), scale = eluScale(act);
                if (f64) K.elu(n, alpha, scale, h.f64(), y.f64());
                else K.elu(n, (float) alpha, (float) scale, h.f32(), y.f32());
            }
            case SWISH -> {
                double beta = act.parameter();
                if (f64) K.swish(n, beta, h.f64(), y.f64()); else K.swish(n, (float) beta, h.f32(), y.f32());
            }
            default -> {
                if (f64) {
                    double[] x = h.f64(), out = y.f64();
                    for (int i = 0; i < n; i++) out[i] = act.value(x[i]);
                } else {
                    float[] x = h.f32(), out = y.f32();
                    for (int i = 0; i < n; i++) out[i] = (float) act.value(x[i]);
                }
            }
        }
    }

    /**
     * gh = gy * phi'(h), given h and y = phi(h). For PRELU also overwrites {@code slopeGrad} with
     * dL/dslope_j = sum_i gy[i,j] * h[i,j] over h &le; 0.
     */
    static void backward(Activation act, @Nullable Tensor slope, @Nullable Tensor slopeGrad,
                         Tensor h, Tensor y, Tensor gy, Tensor gh) {
        int n = h.size();
        boolean f64 = h.isFloat64();
        switch (act.kind()) {
            case IDENTITY -> gh.copyFrom(gy);
            case TANH -> {
                if (f64) K.tanhBackward(n, y.f64(), gy.f64(), gh.f64()); else K.tanhBackward(n, y.f32(), gy.f32(), gh.f32());
            }
            case SIGMOID -> {
                if (f64) K.sigmoidBackward(n, y.f64(), gy.f64(), gh.f64());
                else K.sigmoidBackward(n, y.f32(), gy.f32(), gh.f32());
            }
            case RELU, LEAKY_RELU -> {
                double a = act.parameter();
                if (f64) K.leakyReluBackward(n, a, h.f64(), gy.f64(), gh.f64());
                else K.leakyReluBackward(n, (float) a, h.f32(), gy.f32(), gh.f32());
            }
            case PRELU -> {
                int cols = h.cols();
                if (f64) {
                    double[] x = h.f64(), g = gy.f64(), out = gh.f64(), s = slope.f64(), ds = slopeGrad.f64();
                    Arrays.fill(ds, 0);
                    for (int i = 0; i < n; i++) {
                        int j = i % cols;
                        if (x[i] > 0) {
                            out[i] = g[i];
                        } else {
                            ds[j] += g[i] * x[i];
                            out[i] = s[j] * g[i];
                        }
                    }
                } else {
                    float[] x = h.f32(), g = gy.f32(), out = gh.f32(), s = slope.f32(), ds = slopeGrad.f32();
                    Arrays.fill(ds, 0);
                    for (int i = 0; i < n; i++) {
                        int j = i % cols;
                        if (x[i] > 0) {
                            out[i] = g[i];
                        } else {
                            ds[j] += g[i] * x[i];
                            out[i] = s[j] * g[i];
                        }
                    }
                }
            }
            case ELU, SELU -> {
                double alpha = eluAlpha(act), scale = eluScale(act);
                if (f64) K.eluBackward(n, alpha, scale, h.f64(), y.f64(), gy.f64(), gh.f64());
                else K.eluBackward(n, (float) alpha, (float) scale, h.f32(), y.f32(), gy.f32(), gh.f32());
            }
            case SWISH -> {
                double beta = act.parameter();
                if (f64) K.swishBackward(n, beta, h.f64(), gy.f64(), gh.f64());
                else K.swishBackward(n, (float) beta, h.f32(), gy.f32(), gh.f32());
            }
            default -> {
                if (f64) {
                    double[] x = h.f64(), g = gy.f64(), out = gh.f64();
                    for (int i = 0; i < n; i++) out[i] = g[i] * act.derivative(x[i]);
                } else {
                    float[] x = h.f32(), g = gy.f32(), out = gh.f32();
                    for (int i = 0; i < n; i++) out[i] = (float) (g[i] * act.derivative(x[i]));
                }
            }
        }
    }

    /** alpha of elu or selu (the kernels' elu with a scale covers both). */
    private static double eluAlpha(Activation act) {
        return act.kind() == ActivationKind.SELU ? Activation.SELU_ALPHA : act.parameter();
    }

    /** scale of elu (1) or selu (lambda). */
    private static double eluScale(Activation act) {
        return act.kind() == ActivationKind.SELU ? Activation.SELU_LAMBDA : 1;
    }
}
