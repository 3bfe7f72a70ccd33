package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LayerNorm's forward and backward against a plain element-wise reference (the layer as it was written on
 * {@code Tensor.get/set}): outputs and gradients equal bit for bit over random inputs, in both precisions, on
 * repeated steps (the parameter gradients are sums that must start from zero on every backward).
 */
class LayerNormTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void matchesTheElementWiseReferenceBitForBit(Precision precision) {
        int[][] shapes = {{1, 1}, {3, 5}, {64, 16}, {7, 64}, {64, 64}};
        for (int[] shape : shapes) {
            int rows = shape[0], width = shape[1];
            SplittableRandom rng = new SplittableRandom(rows * 131L + width);
            LayerNorm layer = LayerNorm.of(width, precision);
            fill(layer.gamma(), rng, 0.5, 1.5);
            fill(layer.beta(), rng, -0.5, 0.5);
            for (int step = 0; step < 3; step++) {
                Tensor x = random(precision, rows, width, rng, 3);
                Tensor gy = random(precision, rows, width, rng, 1);
                Tensor y = layer.forward(x, true);
                Tensor gx = layer.backward(gy);
                Reference ref = Reference.of(x, gy, layer.gamma(), layer.beta(), LayerNorm.DEFAULT_EPS);
                String at = precision + " " + rows + "x" + width + " step " + step;
                assertArrayEquals(bits(ref.y), bits(y), at + ": y");
                assertArrayEquals(bits(ref.gradInput), bits(gx), at + ": input gradient");
                assertArrayEquals(bits(ref.gammaGrad), bits(layer.parameters().get(0).grad()), at + ": gamma gradient");
                assertArrayEquals(bits(ref.betaGrad), bits(layer.parameters().get(1).grad()), at + ": beta gradient");
            }
        }
    }

    /** The layer's arithmetic written element by element on Tensor.get/set, in the tensors' precision. */
    private record Reference(Tensor y, Tensor gradInput, Tensor gammaGrad, Tensor betaGrad) {
        static Reference of(Tensor input, Tensor gradOutput, Tensor gamma, Tensor beta, double eps) {
            Precision p = input.precision();
            int batch = input.rows(), width = input.cols();
            Tensor xhat = Tensor.zeros(p, batch, width), y = Tensor.zeros(p, batch, width);
            Tensor gradInput = Tensor.zeros(p, batch, width);
            Tensor gammaGrad = Tensor.zeros(p, 1, width), betaGrad = Tensor.zeros(p, 1, width);
            double[] invStd = new double[batch];
            for (int i = 0; i < batch; i++) {
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
            for (int i = 0; i < batch; i++) {
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
            return new Reference(y, gradInput, gammaGrad, betaGrad);
        }
    }

    private static Tensor random(Precision p, int rows, int cols, SplittableRandom rng, double scale) {
        Tensor t = Tensor.zeros(p, rows, cols);
        fill(t, rng, -scale, scale);
        return t;
    }

    private static void fill(Tensor t, SplittableRandom rng, double lo, double hi) {
        for (int i = 0; i < t.size(); i++) t.set(i, rng.nextDouble(lo, hi));
    }

    private static long[] bits(Tensor t) {
        long[] b = new long[t.size()];
        for (int i = 0; i < b.length; i++) b[i] = Double.doubleToRawLongBits(t.get(i));
        return b;
    }
}
