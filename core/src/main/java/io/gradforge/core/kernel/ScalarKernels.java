package io.gradforge.core.kernel;

/**
 * Plain-Java kernels: the reference implementation and the fallback when {@code jdk.incubator.vector} is absent.
 * Loops are ordered for row-major locality (i-k-j) so the JIT can auto-vectorize the inner loop.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemmNN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                double s = 0;
                for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0);
        for (int p = 0; p < k; p++) {
            int ap = p * m;
            int bp = p * n;
            for (int i = 0; i < m; i++) {
                double api = a[ap + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
            }
        }
    }

    @Override
    public void addRowVector(int rows, int cols, double[] x, double[] bias) {
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            for (int j = 0; j < cols; j++) x[r + j] += bias[j];
        }
    }

    @Override
    public void sumRows(int rows, int cols, double[] x, double[] out, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(out, 0, cols, 0);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            for (int j = 0; j < cols; j++) out[j] += x[r + j];
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void scale(int n, double alpha, double[] x) {
        for (int i = 0; i < n; i++) x[i] *= alpha;
    }

    @Override
    public void mul(int n, double[] a, double[] b, double[] out) {
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public double sumSquares(int n, double[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[i] * x[i];
        return s;
    }

    @Override
    public void tanh(int n, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] = (double) Math.tanh(x[i]);
    }

    @Override
    public void tanhBackward(int n, double[] y, double[] gy, double[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void sigmoid(int n, double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            // Stable for large |v|: never exponentiate a large positive number.
            y[i] = (double) (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
        }
    }

    @Override
    public void sigmoidBackward(int n, double[] y, double[] gy, double[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * y[i] * (1 - y[i]);
    }

    @Override
    public void leakyRelu(int n, double alpha, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }

    @Override
    public void leakyReluBackward(int n, double alpha, double[] x, double[] gy, double[] gx) {
        for (int i = 0; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : alpha * gy[i];
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s = 0;
                for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                c[i * n + j] = accumulate ? c[i * n + j] + s : s;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, 0, m * n, 0);
        for (int p = 0; p < k; p++) {
            int ap = p * m;
            int bp = p * n;
            for (int i = 0; i < m; i++) {
                float api = a[ap + i];
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
            }
        }
    }

    @Override
    public void addRowVector(int rows, int cols, float[] x, float[] bias) {
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            for (int j = 0; j < cols; j++) x[r + j] += bias[j];
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] x, float[] out, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(out, 0, cols, 0);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            for (int j = 0; j < cols; j++) out[j] += x[r + j];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void scale(int n, float alpha, float[] x) {
        for (int i = 0; i < n; i++) x[i] *= alpha;
    }

    @Override
    public void mul(int n, float[] a, float[] b, float[] out) {
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public double sumSquares(int n, float[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[i] * x[i];
        return s;
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = (float) Math.tanh(x[i]);
    }

    @Override
    public void tanhBackward(int n, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            // Stable for large |v|: never exponentiate a large positive number.
            y[i] = (float) (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * y[i] * (1 - y[i]);
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }

    @Override
    public void leakyReluBackward(int n, float alpha, float[] x, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : alpha * gy[i];
    }
}
