package io.gradforge.core.nn;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.tensor.Tensor;

/** Tensor-level wrappers over {@link Kernels}: branch on precision once per call. No allocation. */
final class TensorOps {
    static final Kernels K = Kernels.get();

    private TensorOps() {}

    /** c[m x n] = a[m x k] * b^T, b stored [n x k]. */
    static void gemmNT(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (c.isFloat64()) K.gemmNT(m, n, k, a.f64(), b.f64(), c.f64(), false);
        else K.gemmNT(m, n, k, a.f32(), b.f32(), c.f32(), false);
    }

    /** c[m x n] = a[m x k] * b[k x n]. */
    static void gemmNN(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (c.isFloat64()) K.gemmNN(m, n, k, a.f64(), b.f64(), c.f64(), false);
        else K.gemmNN(m, n, k, a.f32(), b.f32(), c.f32(), false);
    }

    /** c[m x n] += a[m x k] * b[k x n]. */
    static void gemmNNAdd(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (c.isFloat64()) K.gemmNN(m, n, k, a.f64(), b.f64(), c.f64(), true);
        else K.gemmNN(m, n, k, a.f32(), b.f32(), c.f32(), true);
    }

    /** c[m x n] = a^T b, a stored [k x m], b [k x n]. */
    static void gemmTN(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (c.isFloat64()) K.gemmTN(m, n, k, a.f64(), b.f64(), c.f64(), false);
        else K.gemmTN(m, n, k, a.f32(), b.f32(), c.f32(), false);
    }

    /** c[m x n] += a^T b, a stored [k x m], b [k x n]. */
    static void gemmTNAdd(int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        if (c.isFloat64()) K.gemmTN(m, n, k, a.f64(), b.f64(), c.f64(), true);
        else K.gemmTN(m, n, k, a.f32(), b.f32(), c.f32(), true);
    }

    static void addRowVector(Tensor x, Tensor bias) {
        if (x.isFloat64()) K.addRowVector(x.rows(), x.cols(), x.f64(), bias.f64());
        else K.addRowVector(x.rows(), x.cols(), x.f32(), bias.f32());
    }

    /** out[1 x cols] = column sums of x. */
    static void sumRows(Tensor x, Tensor out) {
        if (x.isFloat64()) K.sumRows(x.rows(), x.cols(), x.f64(), out.f64(), false);
        else K.sumRows(x.rows(), x.cols(), x.f32(), out.f32(), false);
    }

    /** y += alpha x. */
    static void axpy(double alpha, Tensor x, Tensor y) {
        if (y.isFloat64()) K.axpy(x.size(), alpha, x.f64(), y.f64());
        else K.axpy(x.size(), (float) alpha, x.f32(), y.f32());
    }

    /** out = alpha x. */
    static void scaled(double alpha, Tensor x, Tensor out) {
        out.copyFrom(x);
        if (out.isFloat64()) K.scale(out.size(), alpha, out.f64());
        else K.scale(out.size(), (float) alpha, out.f32());
    }

    /** sum_i a[i] b[i], accumulated in float64. */
    static double dot(Tensor a, Tensor b) {
        double s = 0;
        int n = a.size();
        if (a.isFloat64()) {
            double[] x = a.f64(), y = b.f64();
            for (int i = 0; i < n; i++) s += x[i] * y[i];
        } else {
            float[] x = a.f32(), y = b.f32();
            for (int i = 0; i < n; i++) s += (double) x[i] * y[i];
        }
        return s;
    }

    static void checkInput(Layer layer, Tensor input) {
        if (input.cols() != layer.inputSize()) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' expects " + layer.inputSize()
                    + " input features but was given " + input.cols() + ".");
        }
        if (input.precision() != layer.precision()) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' is " + layer.precision()
                    + " but the input is " + input.precision() + ".");
        }
    }

    static void checkGrad(Layer layer, Tensor grad, int rows) {
        if (grad.cols() != layer.outputSize() || grad.rows() != rows) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' expects a gradient of " + rows + "x"
                    + layer.outputSize() + " but was given " + grad.rows() + "x" + grad.cols() + ".");
        }
        if (grad.precision() != layer.precision()) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' is " + layer.precision()
                    + " but the gradient is " + grad.precision() + ".");
        }
    }

    static void checkWidth(String what, int width) {
        if (width <= 0) throw new IllegalArgumentException(what + " must be positive but was " + width + ".");
    }
}
