package io.gradforge.core.kernel;

/**
 * The hot-path numeric kernels on raw row-major arrays. Two implementations exist: one written with the JDK
 * Vector API ({@code jdk.incubator.vector}) and a plain-Java fallback; {@link #get()} picks one at start-up.
 *
 * <p>Conventions (EJML-style): the caller owns every output array; outputs never alias inputs unless a method
 * says so; arrays may be longer than needed (only the leading {@code m*n} etc. elements are read/written);
 * {@code accumulate == true} adds into the output, {@code false} overwrites it. All methods accept empty
 * shapes (any dimension 0). No method allocates.
 */
public interface Kernels {

    /** The kernels chosen at start-up: Vector API when the module is present, else plain Java. */
    static Kernels get() {
        return KernelSelection.SELECTED;
    }

    /**
     * tanh(x) by the deterministic scheme of the vector kernels' {@code tanh}: bit-identical on every JIT tier and
     * thread, for pointwise code outside the kernels (the recurrent cells' gates).
     */
    static double tanh(double x) {
        return PointwiseMath.tanh(x);
    }

    /** The logistic function 1 / (1 + e^-x), deterministic as {@link #tanh(double)} and stable for any x. */
    static double sigmoid(double x) {
        return PointwiseMath.sigmoid(x);
    }

    /** A short name for logs and provenance: "vector(512-bit)" (the preferred vector width) or "scalar". */
    String name();

    // ---- matrix products, float64 ----
    /** C[m x n] (+)= A[m x k] * B[k x n]. */
    void gemmNN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate);
    /** C[m x n] (+)= A[m x k] * B^T, with B stored as [n x k]. */
    void gemmNT(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate);
    /** C[m x n] (+)= A^T * B, with A stored as [k x m] and B as [k x n]. */
    void gemmTN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate);

    // ---- matrix products, float32 ----
    void gemmNN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate);
    void gemmNT(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate);
    void gemmTN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate);

    // ---- row/column helpers ----
    /** x[i, j] += bias[j] for every row i of the rows x cols matrix x (in place). */
    void addRowVector(int rows, int cols, double[] x, double[] bias);
    void addRowVector(int rows, int cols, float[] x, float[] bias);
    /** out[j] (+)= sum_i x[i, j] (column sums of a rows x cols matrix). */
    void sumRows(int rows, int cols, double[] x, double[] out, boolean accumulate);
    void sumRows(int rows, int cols, float[] x, float[] out, boolean accumulate);

    // ---- vector ops (first n elements) ----
    /** y += alpha * x. */
    void axpy(int n, double alpha, double[] x, double[] y);
    void axpy(int n, float alpha, float[] x, float[] y);
    /** x *= alpha (in place). */
    void scale(int n, double alpha, double[] x);
    void scale(int n, float alpha, float[] x);
    /** out = a * b elementwise; out may alias a or b. */
    void mul(int n, double[] a, double[] b, double[] out);
    void mul(int n, float[] a, float[] b, float[] out);
    /** sum of x[i]^2, accumulated in float64. */
    double sumSquares(int n, double[] x);
    double sumSquares(int n, float[] x);

    // ---- fused dense-layer passes (defaults compose the unfused kernels; the vector kernels do one pass) ----
    /** h[i, j] += bias[j] (h Modified), then y = tanh(h): a dense layer's bias and activation in one pass. */
    default void addRowVectorTanh(int rows, int cols, double[] h, double[] bias, double[] y) {
        addRowVector(rows, cols, h, bias);
        tanh(rows * cols, h, y);
    }

    default void addRowVectorTanh(int rows, int cols, float[] h, float[] bias, float[] y) {
        addRowVector(rows, cols, h, bias);
        tanh(rows * cols, h, y);
    }

    /** h[i, j] += bias[j] (h Modified), then y = h &gt; 0 ? h : alpha * h. */
    default void addRowVectorLeakyRelu(int rows, int cols, double alpha, double[] h, double[] bias, double[] y) {
        addRowVector(rows, cols, h, bias);
        leakyRelu(rows * cols, alpha, h, y);
    }

    default void addRowVectorLeakyRelu(int rows, int cols, float alpha, float[] h, float[] bias, float[] y) {
        addRowVector(rows, cols, h, bias);
        leakyRelu(rows * cols, alpha, h, y);
    }

    /** gx = gy * (1 - y^2) as {@link #tanhBackward}, and out[j] = sum_i gx[i, j] as {@link #sumRows}, in one pass. */
    default void tanhBackwardSumRows(int rows, int cols, double[] y, double[] gy, double[] gx, double[] out) {
        tanhBackward(rows * cols, y, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    default void tanhBackwardSumRows(int rows, int cols, float[] y, float[] gy, float[] gx, float[] out) {
        tanhBackward(rows * cols, y, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    /** gx as {@link #leakyReluBackward}, and out[j] = sum_i gx[i, j] as {@link #sumRows}, in one pass. */
    default void leakyReluBackwardSumRows(int rows, int cols, double alpha, double[] x, double[] gy, double[] gx,
                                          double[] out) {
        leakyReluBackward(rows * cols, alpha, x, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    default void leakyReluBackwardSumRows(int rows, int cols, float alpha, float[] x, float[] gy, float[] gx,
                                          float[] out) {
        leakyReluBackward(rows * cols, alpha, x, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    // ---- optimizer updates (first n elements) ----
    /**
     * Plain SGD with coupled weight decay, in place: {@code p[i] -= lr * (g[i] + wd * p[i])} (p Modified, g Not
     * modified). Returns the squared L2 norm of the update actually applied (new minus old value), accumulated in
     * float64. This default loop is the plain-Java implementation (the fallback kernels use it as it is); the
     * vector kernels override it with a vectorized pass computing the same update with FMA.
     */
    default double sgdStep(int n, double lr, double wd, double[] g, double[] p) {
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double old = p[i];
            double updated = old - lr * (g[i] + wd * old);
            p[i] = updated;
            double delta = updated - old;
            sq += delta * delta;
        }
        return sq;
    }

    /** Float32 {@link #sgdStep(int, double, double, double[], double[])}; the arithmetic may run in float32. */
    default double sgdStep(int n, float lr, float wd, float[] g, float[] p) {
        double sq = 0;
        for (int i = 0; i < n; i++) {
            float old = p[i];
            float updated = old - lr * (g[i] + wd * old);
            p[i] = updated;
            double delta = (double) updated - old;
            sq += delta * delta;
        }
        return sq;
    }

    // ---- activations (first n elements); forward: y = f(x); backward: gx = gy * f'(.) ----
    void tanh(int n, double[] x, double[] y);
    void tanh(int n, float[] x, float[] y);
    /** gx = gy * (1 - y^2), where y = tanh(x) is the forward output. gx may alias gy. */
    void tanhBackward(int n, double[] y, double[] gy, double[] gx);
    void tanhBackward(int n, float[] y, float[] gy, float[] gx);
    void sigmoid(int n, double[] x, double[] y);
    void sigmoid(int n, float[] x, float[] y);
    /** gx = gy * y * (1 - y), where y = sigmoid(x). gx may alias gy. */
    void sigmoidBackward(int n, double[] y, double[] gy, double[] gx);
    void sigmoidBackward(int n, float[] y, float[] gy, float[] gx);
    /** y = x > 0 ? x : alpha * x (alpha = 0 is relu). */
    void leakyRelu(int n, double alpha, double[] x, double[] y);
    void leakyRelu(int n, float alpha, float[] x, float[] y);
    /** gx = gy * (x > 0 ? 1 : alpha). gx may alias gy. */
    void leakyReluBackward(int n, double alpha, double[] x, double[] gy, double[] gx);
    void leakyReluBackward(int n, float alpha, float[] x, float[] gy, float[] gx);
}
