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
    // (the vector kernels' passes equal these compositions bit for bit, except tanh's; see VectorKernelsTest)
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

    /** h[i, j] += bias[j] (h Modified), then y = elu as {@link #elu}. */
    default void addRowVectorElu(int rows, int cols, double alpha, double scale, double[] h, double[] bias, double[] y) {
        addRowVector(rows, cols, h, bias);
        elu(rows * cols, alpha, scale, h, y);
    }

    default void addRowVectorElu(int rows, int cols, float alpha, float scale, float[] h, float[] bias, float[] y) {
        addRowVector(rows, cols, h, bias);
        elu(rows * cols, alpha, scale, h, y);
    }

    /** h[i, j] += bias[j] (h Modified), then y = h sigmoid(beta h). */
    default void addRowVectorSwish(int rows, int cols, double beta, double[] h, double[] bias, double[] y) {
        addRowVector(rows, cols, h, bias);
        swish(rows * cols, beta, h, y);
    }

    default void addRowVectorSwish(int rows, int cols, float beta, float[] h, float[] bias, float[] y) {
        addRowVector(rows, cols, h, bias);
        swish(rows * cols, beta, h, y);
    }

    /** gx as {@link #eluBackward}, and out[j] = sum_i gx[i, j] as {@link #sumRows}, in one pass. */
    default void eluBackwardSumRows(int rows, int cols, double alpha, double scale, double[] x, double[] y, double[] gy,
                                    double[] gx, double[] out) {
        eluBackward(rows * cols, alpha, scale, x, y, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    default void eluBackwardSumRows(int rows, int cols, float alpha, float scale, float[] x, float[] y, float[] gy,
                                    float[] gx, float[] out) {
        eluBackward(rows * cols, alpha, scale, x, y, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    /** gx as {@link #swishBackward}, and out[j] = sum_i gx[i, j] as {@link #sumRows}, in one pass. */
    default void swishBackwardSumRows(int rows, int cols, double beta, double[] x, double[] gy, double[] gx,
                                      double[] out) {
        swishBackward(rows * cols, beta, x, gy, gx);
        sumRows(rows, cols, gx, out, false);
    }

    default void swishBackwardSumRows(int rows, int cols, float beta, float[] x, float[] gy, float[] gx, float[] out) {
        swishBackward(rows * cols, beta, x, gy, gx);
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

    // ---- recurrent cells: the pointwise part of one time step for the n rows of a batch ----
    // Layout (core.nn.RecurrentBuffers): a row of gates holds G blocks of H values in PyTorch's order (LSTM
    // i, f, g, o; GRU r, z, n); "...At" arguments are where step t's rows begin in a time-major buffer; gh, hPrev,
    // dh, dc and dG are the [n x ...] buffers of the running step, read and written from their start. Every
    // implementation computes the same expressions in the same order, with PointwiseMath's deterministic tanh and
    // sigmoid, so all agree bit for bit (float32 in float32 arithmetic; ScalarCells is the reference).

    /**
     * A tanh (or relu) RNN step forward: h = phi(gates + (gh + bias)), written to {@code h[hAt ..]} and to
     * {@code hPrev}. gates [n x H] from gatesAt (Not modified), gh [n x H], bias [H].
     */
    void rnnForward(int n, int hidden, boolean relu, double[] gates, int gatesAt, double[] gh, double[] bias,
                    double[] h, int hAt, double[] hPrev);
    void rnnForward(int n, int hidden, boolean relu, float[] gates, int gatesAt, float[] gh, float[] bias,
                    float[] h, int hAt, float[] hPrev);

    /** An RNN step backward over {@code size = n * H} values: dG = dh * phi'(h[hAt ..]), then dh = 0. */
    void rnnBackward(int size, boolean relu, double[] h, int hAt, double[] dh, double[] dG);
    void rnnBackward(int size, boolean relu, float[] h, int hAt, float[] dh, float[] dG);

    /**
     * An LSTM step forward. Reads the input side {@code gates[gatesAt ..]} [n x 4H], the hidden side gh [n x 4H],
     * its bias [4H] and c_{t-1} at {@code c[cPrevAt ..]}; overwrites the gates with their activations i, f, g, o,
     * and writes c_t = f c_{t-1} + i g at {@code c[cNextAt ..]}, tanh(c_t) at {@code tanhC[tanhCAt ..]} and
     * h_t = o tanh(c_t) at {@code h[hAt ..]} and into hPrev.
     */
    void lstmForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] c,
                     int cPrevAt, int cNextAt, double[] tanhC, int tanhCAt, double[] h, int hAt, double[] hPrev);
    void lstmForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] c,
                     int cPrevAt, int cNextAt, float[] tanhC, int tanhCAt, float[] h, int hAt, float[] hPrev);

    /**
     * An LSTM step backward from dh = dL/dh_t and dc = dL/dc_t (the part not through h_t), with the gate
     * activations at {@code gates[gatesAt ..]}, c_{t-1} at {@code c[cPrevAt ..]} and tanh(c_t) at
     * {@code tanhC[tanhCAt ..]}: writes the pre-activation gradients [n x 4H] to dG, dc = dL/dc_{t-1} (the path
     * through the forget gate) and dh = 0.
     */
    void lstmBackward(int n, int hidden, double[] gates, int gatesAt, double[] c, int cPrevAt, double[] tanhC,
                      int tanhCAt, double[] dh, double[] dc, double[] dG);
    void lstmBackward(int n, int hidden, float[] gates, int gatesAt, float[] c, int cPrevAt, float[] tanhC,
                      int tanhCAt, float[] dh, float[] dc, float[] dG);

    /**
     * A GRU step forward. Reads the input side {@code gates[gatesAt ..]} [n x 3H], the hidden side gh [n x 3H],
     * its bias [3H] and h_{t-1} at {@code h[hPrevAt ..]}; overwrites the gates with r, z and n, writes
     * {@code W_hn h_{t-1} + b_hn} at {@code hiddenN[hiddenNAt ..]} and h_t = (1 - z) n + z h_{t-1} at
     * {@code h[hNextAt ..]} and into hPrev.
     */
    void gruForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] hiddenN,
                    int hiddenNAt, double[] h, int hPrevAt, int hNextAt, double[] hPrev);
    void gruForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] hiddenN,
                    int hiddenNAt, float[] h, int hPrevAt, int hNextAt, float[] hPrev);

    /**
     * A GRU step backward from dh = dL/dh_t: writes the input side's pre-activation gradients to
     * {@code dGi[gatesAt ..]} and the hidden side's to dGh [n x 3H] (they differ in the n block, which r scales
     * on the hidden side only), and dh = the part of dL/dh_{t-1} through z.
     */
    void gruBackward(int n, int hidden, double[] gates, int gatesAt, double[] hiddenN, int hiddenNAt, double[] h,
                     int hPrevAt, double[] dh, double[] dGi, double[] dGh);
    void gruBackward(int n, int hidden, float[] gates, int gatesAt, float[] hiddenN, int hiddenNAt, float[] h,
                     int hPrevAt, float[] dh, float[] dGi, float[] dGh);

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
    /**
     * y = x &gt; 0 ? scale x : scale alpha (e^x - 1): elu (scale 1) and selu (Activation's SELU alpha and lambda).
     * e^x - 1 is an expm1, accurate for small |x|.
     */
    void elu(int n, double alpha, double scale, double[] x, double[] y);
    void elu(int n, float alpha, float scale, float[] x, float[] y);
    /**
     * gx = gy * (x &gt; 0 ? scale : y + scale alpha), where y = elu(x) is the forward output: the derivative
     * scale alpha e^x for x &le; 0 taken from y, so no exp. gx may alias gy.
     */
    void eluBackward(int n, double alpha, double scale, double[] x, double[] y, double[] gy, double[] gx);
    void eluBackward(int n, float alpha, float scale, float[] x, float[] y, float[] gy, float[] gx);
    /** y = x sigmoid(beta x) (swish; silu is beta 1). */
    void swish(int n, double beta, double[] x, double[] y);
    void swish(int n, float beta, float[] x, float[] y);
    /** gx = gy * s (1 + beta x (1 - s)) with s = sigmoid(beta x). gx may alias gy. */
    void swishBackward(int n, double beta, double[] x, double[] gy, double[] gx);
    void swishBackward(int n, float beta, float[] x, float[] gy, float[] gx);
}
