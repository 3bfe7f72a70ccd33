package io.gradforge.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels written with the JDK Vector API ({@code jdk.incubator.vector}) at the platform's preferred width,
 * selected by {@link Kernels#get()} when the module is present. Matrix products are in {@link DoubleGemm} and
 * {@link FloatGemm}; element-wise loops here run whole vectors, then a scalar tail.
 *
 * <p>Accuracy against {@link ScalarKernels}: element-wise arithmetic ({@code axpy}, {@code scale}, {@code mul},
 * the backward passes, leaky ReLU, {@code addRowVector}, {@code sumRows}) evaluates the same expressions in the
 * same order, so results agree bit for bit. Products use FMA and a different summation order (float64 agrees to
 * a few ulps times k; float32 to about 1e-6 times k relative to the operands' scale). {@code tanh} and
 * {@code sigmoid} (and elu, selu, swish and swish's derivative, which equal ScalarKernels' bit for bit) use
 * {@link VectorMath}, the vector form of {@link PointwiseMath}: built from exact IEEE
 * operations only, so every JIT tier (and {@link ScalarKernels}) gives bit-identical results, which the
 * search's same-seed-same-result guarantee needs; the JDK's lanewise TANH/EXP differ in the last bit between
 * compiled and interpreted code. Within a few ulps of {@link Math#tanh}/{@link Math#exp}. Sigmoid is
 * {@code 1 / (1 + e)} or {@code e / (1 + e)} with {@code e = exp(-|x|)}, so it never overflows.
 *
 * @implNote Stateless apart from the per-thread packing buffers of the matrix products: safe to call from
 *     several threads at once.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    private static final int FL = F.length();
    /** Floats with as many lanes as {@link #D}, so a float vector widens into exactly one double vector. */
    private static final VectorSpecies<Float> F_HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    /** Not public: {@link KernelSelection} instantiates it reflectively, only when the Vector API is present. */
    VectorKernels() {}

    @Override
    public String name() {
        return "vector(" + D.vectorBitSize() + "-bit)";
    }

    // ---- matrix products ----

    @Override
    public void gemmNN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        DoubleGemm.multiply(m, n, k, a, k, 1, b, false, c, accumulate);
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        DoubleGemm.multiply(m, n, k, a, k, 1, b, true, c, accumulate);
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
        DoubleGemm.multiply(m, n, k, a, 1, m, b, false, c, accumulate);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        FloatGemm.multiply(m, n, k, a, k, 1, b, false, c, accumulate);
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        FloatGemm.multiply(m, n, k, a, k, 1, b, true, c, accumulate);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        FloatGemm.multiply(m, n, k, a, 1, m, b, false, c, accumulate);
    }

    // ---- row/column helpers ----

    @Override
    public void addRowVector(int rows, int cols, double[] x, double[] bias) {
        for (int i = 0; i < rows; i++) addToRow(cols, bias, 0, x, i * cols);
    }

    @Override
    public void addRowVector(int rows, int cols, float[] x, float[] bias) {
        for (int i = 0; i < rows; i++) addToRow(cols, bias, 0, x, i * cols);
    }

    /**
     * {@code y[yAt + j] += x[xAt + j]} for j &lt; cols: a bias added to a row, or a row added to column sums (in the
     * order of {@link #sumRows}, so a fused pass's sums equal the unfused ones bit for bit).
     */
    private static void addToRow(int cols, double[] x, int xAt, double[] y, int yAt) {
        int j = 0;
        for (int bound = D.loopBound(cols); j < bound; j += DL) {
            DoubleVector.fromArray(D, y, yAt + j).add(DoubleVector.fromArray(D, x, xAt + j)).intoArray(y, yAt + j);
        }
        for (; j < cols; j++) y[yAt + j] += x[xAt + j];
    }

    private static void addToRow(int cols, float[] x, int xAt, float[] y, int yAt) {
        int j = 0;
        for (int bound = F.loopBound(cols); j < bound; j += FL) {
            FloatVector.fromArray(F, y, yAt + j).add(FloatVector.fromArray(F, x, xAt + j)).intoArray(y, yAt + j);
        }
        for (; j < cols; j++) y[yAt + j] += x[xAt + j];
    }

    /**
     * sumRows adds a matrix with at least this many vectors a row row by row into out; a narrower one column vector
     * by column vector in registers, over all rows. Either way each column is summed in row order, so both forms
     * (and ScalarKernels) agree bit for bit.
     */
    private static final int WIDE_SUM_VECTORS = 4;

    @Override
    public void sumRows(int rows, int cols, double[] x, double[] out, boolean accumulate) {
        int bound = D.loopBound(cols);
        if (cols >= WIDE_SUM_VECTORS * DL) {
            // Row by row into out: x is read front to back (a tall matrix, such as a recurrent layer's gate
            // gradients over all steps, went through the cache once per column vector otherwise).
            if (!accumulate) Arrays.fill(out, 0, cols, 0.0);
            for (int i = 0, r = 0; i < rows; i++, r += cols) addToRow(cols, x, r, out, 0);
            return;
        }
        int j = 0;
        // Column vectors outermost, rows inner: each output vector is summed in registers in row order.
        for (; j < bound; j += DL) {
            DoubleVector s = accumulate ? DoubleVector.fromArray(D, out, j) : DoubleVector.zero(D);
            for (int i = 0, r = j; i < rows; i++, r += cols) s = s.add(DoubleVector.fromArray(D, x, r));
            s.intoArray(out, j);
        }
        for (; j < cols; j++) {
            double s = accumulate ? out[j] : 0;
            for (int i = 0, r = j; i < rows; i++, r += cols) s += x[r];
            out[j] = s;
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] x, float[] out, boolean accumulate) {
        int bound = F.loopBound(cols);
        if (cols >= WIDE_SUM_VECTORS * FL) {
            // Row by row into out: x is read front to back (a tall matrix, such as a recurrent layer's gate
            // gradients over all steps, went through the cache once per column vector otherwise).
            if (!accumulate) Arrays.fill(out, 0, cols, 0f);
            for (int i = 0, r = 0; i < rows; i++, r += cols) addToRow(cols, x, r, out, 0);
            return;
        }
        int j = 0;
        for (; j < bound; j += FL) {
            FloatVector s = accumulate ? FloatVector.fromArray(F, out, j) : FloatVector.zero(F);
            for (int i = 0, r = j; i < rows; i++, r += cols) s = s.add(FloatVector.fromArray(F, x, r));
            s.intoArray(out, j);
        }
        for (; j < cols; j++) {
            float s = accumulate ? out[j] : 0;
            for (int i = 0, r = j; i < rows; i++, r += cols) s += x[r];
            out[j] = s;
        }
    }

    // ---- vector ops ----

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector.fromArray(D, x, i).mul(alpha).add(DoubleVector.fromArray(D, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void axpy(int n, float alpha, float[] x, float[] y) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, x, i).mul(alpha).add(FloatVector.fromArray(F, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void scale(int n, double alpha, double[] x) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) DoubleVector.fromArray(D, x, i).mul(alpha).intoArray(x, i);
        for (; i < n; i++) x[i] *= alpha;
    }

    @Override
    public void scale(int n, float alpha, float[] x) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) FloatVector.fromArray(F, x, i).mul(alpha).intoArray(x, i);
        for (; i < n; i++) x[i] *= alpha;
    }

    @Override
    public void mul(int n, double[] a, double[] b, double[] out) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector.fromArray(D, a, i).mul(DoubleVector.fromArray(D, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void mul(int n, float[] a, float[] b, float[] out) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public double sumSquares(int n, double[] x) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        int i = 0;
        for (int bound2 = n - 2 * DL; i <= bound2; i += 2 * DL) {
            DoubleVector v0 = DoubleVector.fromArray(D, x, i), v1 = DoubleVector.fromArray(D, x, i + DL);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
        }
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            s0 = v.fma(v, s0);
        }
        double s = sumLanes(s0.add(s1));
        for (; i < n; i++) s += x[i] * x[i];
        return s;
    }

    @Override
    public double sumSquares(int n, float[] x) {
        // Widen each half-width float vector to a full double vector, then accumulate in float64.
        // Four independent accumulators: with one, the loop waits on the FMA latency (Trainer calls this every
        // step, through the global gradient norm).
        int hl = F_HALF.length();
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound4 = n - 4 * hl; i <= bound4; i += 4 * hl) {
            DoubleVector v0 = (DoubleVector) FloatVector.fromArray(F_HALF, x, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v1 = (DoubleVector) FloatVector.fromArray(F_HALF, x, i + hl).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v2 = (DoubleVector) FloatVector.fromArray(F_HALF, x, i + 2 * hl).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v3 = (DoubleVector) FloatVector.fromArray(F_HALF, x, i + 3 * hl).convertShape(VectorOperators.F2D, D, 0);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = v2.fma(v2, s2);
            s3 = v3.fma(v3, s3);
        }
        for (int bound = F_HALF.loopBound(n); i < bound; i += hl) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F_HALF, x, i).convertShape(VectorOperators.F2D, D, 0);
            s0 = v.fma(v, s0);
        }
        double s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += (double) x[i] * x[i];
        return s;
    }

    @Override
    public void addRowVectorTanh(int rows, int cols, double[] h, double[] bias, double[] y) {
        int bound = D.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j + DL < bound; j += 2 * DL) {
                DoubleVector v0 = DoubleVector.fromArray(D, h, r + j).add(DoubleVector.fromArray(D, bias, j));
                DoubleVector v1 = DoubleVector.fromArray(D, h, r + j + DL).add(DoubleVector.fromArray(D, bias, j + DL));
                v0.intoArray(h, r + j);
                v1.intoArray(h, r + j + DL);
                VectorMath.tanh(h, r + j, r + j + DL, y, r + j, r + j + DL);
            }
            if (j < bound) {
                DoubleVector v = DoubleVector.fromArray(D, h, r + j).add(DoubleVector.fromArray(D, bias, j));
                v.intoArray(h, r + j);
                VectorMath.tanh(h, r + j, r + j, y, r + j, r + j);
                j += DL;
            }
            for (; j < cols; j++) {
                h[r + j] += bias[j];
                y[r + j] = PointwiseMath.tanh(h[r + j]);
            }
        }
    }

    @Override
    public void addRowVectorLeakyRelu(int rows, int cols, double alpha, double[] h, double[] bias, double[] y) {
        int bound = D.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += DL) {
                DoubleVector v = DoubleVector.fromArray(D, h, r + j).add(DoubleVector.fromArray(D, bias, j));
                v.intoArray(h, r + j);
                v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(y, r + j);
            }
            for (; j < cols; j++) {
                double v = h[r + j] + bias[j];
                h[r + j] = v;
                y[r + j] = v > 0 ? v : alpha * v;
            }
        }
    }

    @Override
    public void addRowVectorTanh(int rows, int cols, float[] h, float[] bias, float[] y) {
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += FL) {
                FloatVector.fromArray(F, h, r + j).add(FloatVector.fromArray(F, bias, j)).intoArray(h, r + j);
                VectorMath.tanh(h, r + j, y, r + j);
            }
            for (; j < cols; j++) {
                h[r + j] += bias[j];
                y[r + j] = PointwiseMath.tanh(h[r + j]);
            }
        }
    }

    @Override
    public void addRowVectorLeakyRelu(int rows, int cols, float alpha, float[] h, float[] bias, float[] y) {
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += FL) {
                FloatVector v = FloatVector.fromArray(F, h, r + j).add(FloatVector.fromArray(F, bias, j));
                v.intoArray(h, r + j);
                v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, r + j);
            }
            for (; j < cols; j++) {
                float v = h[r + j] + bias[j];
                h[r + j] = v;
                y[r + j] = v > 0 ? v : alpha * v;
            }
        }
    }

    // elu and swish: the bias is added to a row of h and the activation run over that row while it is in the
    // cache; backward, a row's gradient is written, then added to the column sums.

    @Override
    public void addRowVectorElu(int rows, int cols, double alpha, double scale, double[] h, double[] bias, double[] y) {
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            addToRow(cols, bias, 0, h, r);
            VectorMath.elu(cols, scale, scale * alpha, h, y, r);
        }
    }

    @Override
    public void addRowVectorElu(int rows, int cols, float alpha, float scale, float[] h, float[] bias, float[] y) {
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            addToRow(cols, bias, 0, h, r);
            VectorMath.elu(cols, scale, scale * alpha, h, y, r);
        }
    }

    @Override
    public void addRowVectorSwish(int rows, int cols, double beta, double[] h, double[] bias, double[] y) {
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            addToRow(cols, bias, 0, h, r);
            VectorMath.swish(cols, beta, h, y, r);
        }
    }

    @Override
    public void addRowVectorSwish(int rows, int cols, float beta, float[] h, float[] bias, float[] y) {
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            addToRow(cols, bias, 0, h, r);
            VectorMath.swish(cols, beta, h, y, r);
        }
    }

    @Override
    public void eluBackwardSumRows(int rows, int cols, double alpha, double scale, double[] x, double[] y, double[] gy,
                                   double[] gx, double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            eluBackward(cols, scale, scale * alpha, x, y, gy, gx, r);
            addToRow(cols, gx, r, out, 0);
        }
    }

    @Override
    public void eluBackwardSumRows(int rows, int cols, float alpha, float scale, float[] x, float[] y, float[] gy,
                                   float[] gx, float[] out) {
        Arrays.fill(out, 0, cols, 0f);
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            eluBackward(cols, scale, scale * alpha, x, y, gy, gx, r);
            addToRow(cols, gx, r, out, 0);
        }
    }

    @Override
    public void swishBackwardSumRows(int rows, int cols, double beta, double[] x, double[] gy, double[] gx,
                                     double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            VectorMath.swishBackward(cols, beta, x, gy, gx, r);
            addToRow(cols, gx, r, out, 0);
        }
    }

    @Override
    public void swishBackwardSumRows(int rows, int cols, float beta, float[] x, float[] gy, float[] gx, float[] out) {
        Arrays.fill(out, 0, cols, 0f);
        for (int i = 0, r = 0; i < rows; i++, r += cols) {
            VectorMath.swishBackward(cols, beta, x, gy, gx, r);
            addToRow(cols, gx, r, out, 0);
        }
    }

    // Column sums accumulate in out row by row, in the same order as sumRows, so results agree bit for bit.
    @Override
    public void tanhBackwardSumRows(int rows, int cols, double[] y, double[] gy, double[] gx, double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        int bound = D.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += DL) {
                DoubleVector v = DoubleVector.fromArray(D, y, r + j);
                DoubleVector g = DoubleVector.fromArray(D, gy, r + j).mul(v.mul(v).neg().add(1.0));
                g.intoArray(gx, r + j);
                DoubleVector.fromArray(D, out, j).add(g).intoArray(out, j);
            }
            for (; j < cols; j++) {
                double g = gy[r + j] * (1 - y[r + j] * y[r + j]);
                gx[r + j] = g;
                out[j] += g;
            }
        }
    }

    @Override
    public void leakyReluBackwardSumRows(int rows, int cols, double alpha, double[] x, double[] gy, double[] gx, double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        int bound = D.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += DL) {
                DoubleVector gv = DoubleVector.fromArray(D, gy, r + j);
                DoubleVector g = gv.mul(alpha).blend(gv, DoubleVector.fromArray(D, x, r + j).compare(VectorOperators.GT, 0.0));
                g.intoArray(gx, r + j);
                DoubleVector.fromArray(D, out, j).add(g).intoArray(out, j);
            }
            for (; j < cols; j++) {
                double g = x[r + j] > 0 ? gy[r + j] : alpha * gy[r + j];
                gx[r + j] = g;
                out[j] += g;
            }
        }
    }

    // Column sums accumulate in out row by row, in the same order as sumRows, so results agree bit for bit.
    @Override
    public void tanhBackwardSumRows(int rows, int cols, float[] y, float[] gy, float[] gx, float[] out) {
        Arrays.fill(out, 0, cols, 0f);
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += FL) {
                FloatVector v = FloatVector.fromArray(F, y, r + j);
                FloatVector g = FloatVector.fromArray(F, gy, r + j).mul(v.mul(v).neg().add(1f));
                g.intoArray(gx, r + j);
                FloatVector.fromArray(F, out, j).add(g).intoArray(out, j);
            }
            for (; j < cols; j++) {
                float g = gy[r + j] * (1 - y[r + j] * y[r + j]);
                gx[r + j] = g;
                out[j] += g;
            }
        }
    }

    @Override
    public void leakyReluBackwardSumRows(int rows, int cols, float alpha, float[] x, float[] gy, float[] gx, float[] out) {
        Arrays.fill(out, 0, cols, 0f);
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int r = i * cols;
            int j = 0;
            for (; j < bound; j += FL) {
                FloatVector gv = FloatVector.fromArray(F, gy, r + j);
                FloatVector g = gv.mul(alpha).blend(gv, FloatVector.fromArray(F, x, r + j).compare(VectorOperators.GT, 0f));
                g.intoArray(gx, r + j);
                FloatVector.fromArray(F, out, j).add(g).intoArray(out, j);
            }
            for (; j < cols; j++) {
                float g = x[r + j] > 0 ? gy[r + j] : alpha * gy[r + j];
                gx[r + j] = g;
                out[j] += g;
            }
        }
    }

    /**
     * The lanes' sum, added from lane 0 up. Not {@code reduceLanes(ADD)}: its order is unspecified and differs
     * between compiled and interpreted code, which changed sums in the last bit from one JVM run to the next;
     * the search's same-seed-same-result guarantee (on one machine or a cluster) needs one order.
     */
    static double sumLanes(DoubleVector v) {
        // Lanes by constant index for the usual shapes: v.lane(l) with a variable l is not always compiled to a
        // register extract (the 16 float lanes of a 512-bit vector were copied to a new array, 768 bytes a step).
        return switch (DL) {
            case 2 -> v.lane(0) + v.lane(1);
            case 4 -> v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3);
            case 8 -> v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3) + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7);
            default -> {
                double s = v.lane(0);
                for (int l = 1; l < DL; l++) s += v.lane(l);
                yield s;
            }
        };
    }

    /** As {@link #sumLanes(DoubleVector)}, in float32 (Java's {@code +} adds left to right: lane 0 up). */
    static float sumLanes(FloatVector v) {
        return switch (FL) {
            case 4 -> v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3);
            case 8 -> v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3) + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7);
            case 16 -> v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3) + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7)
                    + v.lane(8) + v.lane(9) + v.lane(10) + v.lane(11) + v.lane(12) + v.lane(13) + v.lane(14)
                    + v.lane(15);
            default -> {
                float s = v.lane(0);
                for (int l = 1; l < FL; l++) s += v.lane(l);
                yield s;
            }
        };
    }

    // ---- optimizer updates ----

    @Override
    public double sgdStep(int n, double lr, double wd, double[] g, double[] p) {
        DoubleVector sq = DoubleVector.zero(D);
        DoubleVector vwd = DoubleVector.broadcast(D, wd), vlr = DoubleVector.broadcast(D, -lr);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector old = DoubleVector.fromArray(D, p, i);
            DoubleVector gi = old.fma(vwd, DoubleVector.fromArray(D, g, i));
            DoubleVector updated = gi.fma(vlr, old);
            updated.intoArray(p, i);
            DoubleVector delta = updated.sub(old);
            sq = delta.fma(delta, sq);
        }
        double s = sumLanes(sq);
        for (; i < n; i++) {
            double old = p[i];
            double updated = old - lr * (g[i] + wd * old);
            p[i] = updated;
            double delta = updated - old;
            s += delta * delta;
        }
        return s;
    }

    @Override
    public double sgdStep(int n, float lr, float wd, float[] g, float[] p) {
        // The squared update norm is summed in float32 over chunks of 64 vectors, then in float64, so it stays
        // accurate to about 1e-5 relative for any n while the loop runs at float width.
        double s = 0;
        FloatVector vwd = FloatVector.broadcast(F, wd), vlr = FloatVector.broadcast(F, -lr);
        int i = 0;
        int bound = F.loopBound(n);
        while (i < bound) {
            FloatVector sq = FloatVector.zero(F);
            for (int end = Math.min(bound, i + 64 * FL); i < end; i += FL) {
                FloatVector old = FloatVector.fromArray(F, p, i);
                FloatVector gi = old.fma(vwd, FloatVector.fromArray(F, g, i));
                FloatVector updated = gi.fma(vlr, old);
                updated.intoArray(p, i);
                FloatVector delta = updated.sub(old);
                sq = delta.fma(delta, sq);
            }
            s += sumLanes(sq);
        }
        for (; i < n; i++) {
            float old = p[i];
            float updated = old - lr * (g[i] + wd * old);
            p[i] = updated;
            double delta = (double) updated - old;
            s += delta * delta;
        }
        return s;
    }

    // ---- activations ----

    @Override
    public void tanh(int n, double[] x, double[] y) {
        VectorMath.tanh(n, x, 0, y, 0);
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        VectorMath.tanh(n, x, 0, y, 0);
    }

    @Override
    public void tanhBackward(int n, double[] y, double[] gy, double[] gx) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, y, i);
            DoubleVector.fromArray(D, gy, i).mul(v.mul(v).neg().add(1.0)).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void tanhBackward(int n, float[] y, float[] gy, float[] gx) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, y, i);
            FloatVector.fromArray(F, gy, i).mul(v.mul(v).neg().add(1f)).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = gy[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void sigmoid(int n, double[] x, double[] y) {
        VectorMath.sigmoid(n, x, 0, y, 0);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        VectorMath.sigmoid(n, x, 0, y, 0);
    }

    @Override
    public void sigmoidBackward(int n, double[] y, double[] gy, double[] gx) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, y, i);
            DoubleVector.fromArray(D, gy, i).mul(v).mul(v.neg().add(1.0)).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = gy[i] * y[i] * (1 - y[i]);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, float[] gy, float[] gx) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, y, i);
            FloatVector.fromArray(F, gy, i).mul(v).mul(v.neg().add(1f)).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = gy[i] * y[i] * (1 - y[i]);
    }

    @Override
    public void leakyRelu(int n, double alpha, double[] x, double[] y) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    }

    @Override
    public void leakyReluBackward(int n, double alpha, double[] x, double[] gy, double[] gx) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector g = DoubleVector.fromArray(D, gy, i);
            VectorMask<Double> positive = DoubleVector.fromArray(D, x, i).compare(VectorOperators.GT, 0.0);
            g.mul(alpha).blend(g, positive).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : alpha * gy[i];
    }

    @Override
    public void leakyReluBackward(int n, float alpha, float[] x, float[] gy, float[] gx) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector g = FloatVector.fromArray(F, gy, i);
            VectorMask<Float> positive = FloatVector.fromArray(F, x, i).compare(VectorOperators.GT, 0f);
            g.mul(alpha).blend(g, positive).intoArray(gx, i);
        }
        for (; i < n; i++) gx[i] = x[i] > 0 ? gy[i] : alpha * gy[i];
    }

    @Override
    public void elu(int n, double alpha, double scale, double[] x, double[] y) {
        VectorMath.elu(n, scale, scale * alpha, x, y, 0);
    }

    @Override
    public void elu(int n, float alpha, float scale, float[] x, float[] y) {
        VectorMath.elu(n, scale, scale * alpha, x, y, 0);
    }

    @Override
    public void eluBackward(int n, double alpha, double scale, double[] x, double[] y, double[] gy, double[] gx) {
        eluBackward(n, scale, scale * alpha, x, y, gy, gx, 0);
    }

    @Override
    public void eluBackward(int n, float alpha, float scale, float[] x, float[] y, float[] gy, float[] gx) {
        eluBackward(n, scale, scale * alpha, x, y, gy, gx, 0);
    }

    /** eluBackward over len elements from offset at of x, y, gy and gx. */
    private static void eluBackward(int len, double scale, double scaleAlpha, double[] x, double[] y, double[] gy,
                                    double[] gx, int at) {
        DoubleVector vs = DoubleVector.broadcast(D, scale);
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += DL) {
            VectorMask<Double> positive = DoubleVector.fromArray(D, x, at + i).compare(VectorOperators.GT, 0.0);
            DoubleVector d = DoubleVector.fromArray(D, y, at + i).add(scaleAlpha).blend(vs, positive);
            DoubleVector.fromArray(D, gy, at + i).mul(d).intoArray(gx, at + i);
        }
        for (; i < len; i++) gx[at + i] = gy[at + i] * PointwiseMath.eluDerivative(x[at + i], y[at + i], scale, scaleAlpha);
    }

    private static void eluBackward(int len, float scale, float scaleAlpha, float[] x, float[] y, float[] gy, float[] gx,
                                    int at) {
        FloatVector vs = FloatVector.broadcast(F, scale);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += FL) {
            VectorMask<Float> positive = FloatVector.fromArray(F, x, at + i).compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(F, y, at + i).add(scaleAlpha).blend(vs, positive);
            FloatVector.fromArray(F, gy, at + i).mul(d).intoArray(gx, at + i);
        }
        for (; i < len; i++) gx[at + i] = gy[at + i] * PointwiseMath.eluDerivative(x[at + i], y[at + i], scale, scaleAlpha);
    }

    @Override
    public void swish(int n, double beta, double[] x, double[] y) {
        VectorMath.swish(n, beta, x, y, 0);
    }

    @Override
    public void swish(int n, float beta, float[] x, float[] y) {
        VectorMath.swish(n, beta, x, y, 0);
    }

    @Override
    public void swishBackward(int n, double beta, double[] x, double[] gy, double[] gx) {
        VectorMath.swishBackward(n, beta, x, gy, gx, 0);
    }

    @Override
    public void swishBackward(int n, float beta, float[] x, float[] gy, float[] gx) {
        VectorMath.swishBackward(n, beta, x, gy, gx, 0);
    }

    // ---- recurrent cells (DoubleCells) ----

    @Override
    public void rnnForward(int n, int hidden, boolean relu, double[] gates, int gatesAt, double[] gh, double[] bias, double[] h,
                           int hAt, double[] hPrev) {
        DoubleCells.rnnForward(n, hidden, relu, gates, gatesAt, gh, bias, h, hAt, hPrev);
    }

    @Override
    public void rnnBackward(int size, boolean relu, double[] h, int hAt, double[] dh, double[] dG) {
        DoubleCells.rnnBackward(size, relu, h, hAt, dh, dG);
    }

    @Override
    public void lstmForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] c, int cPrevAt,
                            int cNextAt, double[] tanhC, int tanhCAt, double[] h, int hAt, double[] hPrev) {
        DoubleCells.lstmForward(n, hidden, gates, gatesAt, gh, bias, c, cPrevAt, cNextAt, tanhC, tanhCAt, h, hAt, hPrev);
    }

    @Override
    public void lstmBackward(int n, int hidden, double[] gates, int gatesAt, double[] c, int cPrevAt, double[] tanhC,
                             int tanhCAt, double[] dh, double[] dc, double[] dG) {
        DoubleCells.lstmBackward(n, hidden, gates, gatesAt, c, cPrevAt, tanhC, tanhCAt, dh, dc, dG);
    }

    @Override
    public void gruForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] hiddenN,
                           int hiddenNAt, double[] h, int hPrevAt, int hNextAt, double[] hPrev) {
        DoubleCells.gruForward(n, hidden, gates, gatesAt, gh, bias, hiddenN, hiddenNAt, h, hPrevAt, hNextAt, hPrev);
    }

    @Override
    public void gruBackward(int n, int hidden, double[] gates, int gatesAt, double[] hiddenN, int hiddenNAt, double[] h,
                            int hPrevAt, double[] dh, double[] dGi, double[] dGh) {
        DoubleCells.gruBackward(n, hidden, gates, gatesAt, hiddenN, hiddenNAt, h, hPrevAt, dh, dGi, dGh);
    }

    @Override
    public void rnnForward(int n, int hidden, boolean relu, float[] gates, int gatesAt, float[] gh, float[] bias, float[] h,
                           int hAt, float[] hPrev) {
        FloatCells.rnnForward(n, hidden, relu, gates, gatesAt, gh, bias, h, hAt, hPrev);
    }

    @Override
    public void rnnBackward(int size, boolean relu, float[] h, int hAt, float[] dh, float[] dG) {
        FloatCells.rnnBackward(size, relu, h, hAt, dh, dG);
    }

    @Override
    public void lstmForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] c, int cPrevAt,
                            int cNextAt, float[] tanhC, int tanhCAt, float[] h, int hAt, float[] hPrev) {
        FloatCells.lstmForward(n, hidden, gates, gatesAt, gh, bias, c, cPrevAt, cNextAt, tanhC, tanhCAt, h, hAt, hPrev);
    }

    @Override
    public void lstmBackward(int n, int hidden, float[] gates, int gatesAt, float[] c, int cPrevAt, float[] tanhC,
                             int tanhCAt, float[] dh, float[] dc, float[] dG) {
        FloatCells.lstmBackward(n, hidden, gates, gatesAt, c, cPrevAt, tanhC, tanhCAt, dh, dc, dG);
    }

    @Override
    public void gruForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] hiddenN,
                           int hiddenNAt, float[] h, int hPrevAt, int hNextAt, float[] hPrev) {
        FloatCells.gruForward(n, hidden, gates, gatesAt, gh, bias, hiddenN, hiddenNAt, h, hPrevAt, hNextAt, hPrev);
    }

    @Override
    public void gruBackward(int n, int hidden, float[] gates, int gatesAt, float[] hiddenN, int hiddenNAt, float[] h,
                            int hPrevAt, float[] dh, float[] dGi, float[] dGh) {
        FloatCells.gruBackward(n, hidden, gates, gatesAt, hiddenN, hiddenNAt, h, hPrevAt, dh, dGi, dGh);
    }
}
