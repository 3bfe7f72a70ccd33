package io.gradforge.core.kernel;

import java.util.Arrays;

/**
 * Plain-Java kernels: the reference implementation and the fallback when {@code jdk.incubator.vector} is absent.
 * Loops are ordered for row-major locality (i-k-j) so the JIT can auto-vectorize the inner loop; the products
 * consume four rows of B (or four columns of C, for gemmNT) per pass to cut memory traffic.
 *
 * <p>The float32 methods are generated from the float64 ones, as {@link FloatGemm} is from {@link DoubleGemm}: the
 * region between the float32-half markers is written by {@code Float32Twin} in core's tests (edit the float64
 * half, then run {@code java core/src/test/java/io/gradforge/core/kernel/Float32Twin.java}), and
 * {@code Float32TwinTest} fails when it differs from the generator's output. Both halves stay in this one class
 * because it implements both overload sets of {@link Kernels}.
 */
final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    // ---- float64 half: the float32 half below is generated from it by Float32Twin (core's tests) ----

    @Override
    public void gemmNN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        if (!accumulate) Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int ai = i * k;
            int p = 0;
            // Four rows of B per pass over the row of C: a quarter of the C loads/stores; the j loop vectorizes.
            for (; p + 4 <= k; p += 4) {
                double a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
                int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                double aip = a[ai + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            int ci = i * n;
            int j = 0;
            // Four dot products at once: four independent sums (latency hiding) sharing each load of A.
            for (; j + 4 <= n; j += 4) {
                int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p];
                    s0 += x * b[b0 + p];
                    s1 += x * b[b1 + p];
                    s2 += x * b[b2 + p];
                    s3 += x * b[b3 + p];
                }
                if (accumulate) {
                    c[ci + j] += s0;
                    c[ci + j + 1] += s1;
                    c[ci + j + 2] += s2;
                    c[ci + j + 3] += s3;
                } else {
                    c[ci + j] = s0;
                    c[ci + j + 1] = s1;
                    c[ci + j + 2] = s2;
                    c[ci + j + 3] = s3;
                }
            }
            for (; j < n; j++) {
                int bj = j * k;
                double s = 0;
                for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        if (!accumulate) Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                double a0 = a[p * m + i], a1 = a[(p + 1) * m + i], a2 = a[(p + 2) * m + i], a3 = a[(p + 3) * m + i];
                int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                double api = a[p * m + i];
                int bp = p * n;
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
        if (!accumulate) Arrays.fill(out, 0, cols, 0);
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

    //#float64 sums of squares accumulate in float64 at both precisions
    @Override
    public double sumSquares(int n, double[] x) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[i] * x[i];
        return s;
    }
    //#float32
    //    @Override
    //    public double sumSquares(int n, float[] x) {
    //        double s = 0;
    //        for (int i = 0; i < n; i++) s += (double) x[i] * x[i];
    //        return s;
    //    }
    //#end

    @Override
    public void tanh(int n, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.tanh(x[i]);
    }

    @Override
    public void tanhBackward(int n, double[] y, double[] gy, double[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void sigmoid(int n, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.sigmoid(x[i]);
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
    public void elu(int n, double alpha, double scale, double[] x, double[] y) {
        double scaleAlpha = scale * alpha;
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.elu(x[i], scale, scaleAlpha);
    }

    @Override
    public void eluBackward(int n, double alpha, double scale, double[] x, double[] y, double[] gy, double[] gx) {
        double scaleAlpha = scale * alpha;
        for (int i = 0; i < n; i++) gx[i] = gy[i] * PointwiseMath.eluDerivative(x[i], y[i], scale, scaleAlpha);
    }

    @Override
    public void swish(int n, double beta, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.swish(x[i], beta);
    }

    @Override
    public void swishBackward(int n, double beta, double[] x, double[] gy, double[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * PointwiseMath.swishDerivative(x[i], beta);
    }

    // ---- recurrent cells (ScalarCells) ----

    @Override
    public void rnnForward(int n, int hidden, boolean relu, double[] gates, int gatesAt, double[] gh, double[] bias, double[] h,
                           int hAt, double[] hPrev) {
        ScalarCells.rnnForward(n, hidden, relu, gates, gatesAt, gh, bias, h, hAt, hPrev);
    }

    @Override
    public void rnnBackward(int size, boolean relu, double[] h, int hAt, double[] dh, double[] dG) {
        ScalarCells.rnnBackward(size, relu, h, hAt, dh, dG);
    }

    @Override
    public void lstmForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] c, int cPrevAt,
                            int cNextAt, double[] tanhC, int tanhCAt, double[] h, int hAt, double[] hPrev) {
        ScalarCells.lstmForward(n, hidden, gates, gatesAt, gh, bias, c, cPrevAt, cNextAt, tanhC, tanhCAt, h, hAt, hPrev);
    }

    @Override
    public void lstmBackward(int n, int hidden, double[] gates, int gatesAt, double[] c, int cPrevAt, double[] tanhC,
                             int tanhCAt, double[] dh, double[] dc, double[] dG) {
        ScalarCells.lstmBackward(n, hidden, gates, gatesAt, c, cPrevAt, tanhC, tanhCAt, dh, dc, dG);
    }

    @Override
    public void gruForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] hiddenN,
                           int hiddenNAt, double[] h, int hPrevAt, int hNextAt, double[] hPrev) {
        ScalarCells.gruForward(n, hidden, gates, gatesAt, gh, bias, hiddenN, hiddenNAt, h, hPrevAt, hNextAt, hPrev);
    }

    @Override
    public void gruBackward(int n, int hidden, double[] gates, int gatesAt, double[] hiddenN, int hiddenNAt, double[] h,
                            int hPrevAt, double[] dh, double[] dGi, double[] dGh) {
        ScalarCells.gruBackward(n, hidden, gates, gatesAt, hiddenN, hiddenNAt, h, hPrevAt, dh, dGi, dGh);
    }

    // ---- float32 half: generated from the float64 half above by Float32Twin; do not edit ----

    @Override
    public void gemmNN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        if (!accumulate) Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int ai = i * k;
            int p = 0;
            // Four rows of B per pass over the row of C: a quarter of the C loads/stores; the j loop vectorizes.
            for (; p + 4 <= k; p += 4) {
                float a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
                int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                float aip = a[ai + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            int ci = i * n;
            int j = 0;
            // Four dot products at once: four independent sums (latency hiding) sharing each load of A.
            for (; j + 4 <= n; j += 4) {
                int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++) {
                    float x = a[ai + p];
                    s0 += x * b[b0 + p];
                    s1 += x * b[b1 + p];
                    s2 += x * b[b2 + p];
                    s3 += x * b[b3 + p];
                }
                if (accumulate) {
                    c[ci + j] += s0;
                    c[ci + j + 1] += s1;
                    c[ci + j + 2] += s2;
                    c[ci + j + 3] += s3;
                } else {
                    c[ci + j] = s0;
                    c[ci + j + 1] = s1;
                    c[ci + j + 2] = s2;
                    c[ci + j + 3] = s3;
                }
            }
            for (; j < n; j++) {
                int bj = j * k;
                float s = 0;
                for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        if (!accumulate) Arrays.fill(c, 0, m * n, 0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                float a0 = a[p * m + i], a1 = a[(p + 1) * m + i], a2 = a[(p + 2) * m + i], a3 = a[(p + 3) * m + i];
                int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                float api = a[p * m + i];
                int bp = p * n;
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
        if (!accumulate) Arrays.fill(out, 0, cols, 0);
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
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.tanh(x[i]);
    }

    @Override
    public void tanhBackward(int n, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.sigmoid(x[i]);
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

    @Override
    public void elu(int n, float alpha, float scale, float[] x, float[] y) {
        float scaleAlpha = scale * alpha;
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.elu(x[i], scale, scaleAlpha);
    }

    @Override
    public void eluBackward(int n, float alpha, float scale, float[] x, float[] y, float[] gy, float[] gx) {
        float scaleAlpha = scale * alpha;
        for (int i = 0; i < n; i++) gx[i] = gy[i] * PointwiseMath.eluDerivative(x[i], y[i], scale, scaleAlpha);
    }

    @Override
    public void swish(int n, float beta, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = PointwiseMath.swish(x[i], beta);
    }

    @Override
    public void swishBackward(int n, float beta, float[] x, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) gx[i] = gy[i] * PointwiseMath.swishDerivative(x[i], beta);
    }

    // ---- recurrent cells (ScalarCells) ----

    @Override
    public void rnnForward(int n, int hidden, boolean relu, float[] gates, int gatesAt, float[] gh, float[] bias, float[] h,
                           int hAt, float[] hPrev) {
        ScalarCells.rnnForward(n, hidden, relu, gates, gatesAt, gh, bias, h, hAt, hPrev);
    }

    @Override
    public void rnnBackward(int size, boolean relu, float[] h, int hAt, float[] dh, float[] dG) {
        ScalarCells.rnnBackward(size, relu, h, hAt, dh, dG);
    }

    @Override
    public void lstmForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] c, int cPrevAt,
                            int cNextAt, float[] tanhC, int tanhCAt, float[] h, int hAt, float[] hPrev) {
        ScalarCells.lstmForward(n, hidden, gates, gatesAt, gh, bias, c, cPrevAt, cNextAt, tanhC, tanhCAt, h, hAt, hPrev);
    }

    @Override
    public void lstmBackward(int n, int hidden, float[] gates, int gatesAt, float[] c, int cPrevAt, float[] tanhC,
                             int tanhCAt, float[] dh, float[] dc, float[] dG) {
        ScalarCells.lstmBackward(n, hidden, gates, gatesAt, c, cPrevAt, tanhC, tanhCAt, dh, dc, dG);
    }

    @Override
    public void gruForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] hiddenN,
                           int hiddenNAt, float[] h, int hPrevAt, int hNextAt, float[] hPrev) {
        ScalarCells.gruForward(n, hidden, gates, gatesAt, gh, bias, hiddenN, hiddenNAt, h, hPrevAt, hNextAt, hPrev);
    }

    @Override
    public void gruBackward(int n, int hidden, float[] gates, int gatesAt, float[] hiddenN, int hiddenNAt, float[] h,
                            int hPrevAt, float[] dh, float[] dGi, float[] dGh) {
        ScalarCells.gruBackward(n, hidden, gates, gatesAt, hiddenN, hiddenNAt, h, hPrevAt, dh, dGi, dGh);
    }

    // ---- end of the generated float32 half ----
}
