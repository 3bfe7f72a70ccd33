// Generated from DoubleGemm.java by io.gradforge.core.kernel.Float32Twin; do not edit.
package io.gradforge.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register- and cache-blocked float32 matrix product on the Vector API; gemmNN, gemmNT and gemmTN all run here.
 *
 * <p>Scheme: n is cut into blocks of {@code NC} columns and k into blocks of {@code KC}. Each {@code kc x nc} block of
 * B is packed once, reading B front to back (row by row when B is row-major, column by column when it is stored
 * transposed, so gemmNT costs one transpose of B, O(n k), next to the O(m n k) product), into contiguous {@code kc x w}
 * panels, w = 4, 2 or 1 vectors wide and zero-padded to whole vectors, so the inner loops read B with unit stride and
 * no masks. Packing a whole block with sequential reads, rather than one panel at a time with short strided runs,
 * matters inside a training step, where B (a weight matrix) has usually been evicted to L3 since its last use: the
 * hardware prefetchers follow the long runs. A small row-major B whose rows are whole vectors ({@link #IN_PLACE}) is
 * not packed: its rows already are the panels' rows. Each panel is swept by 6-row micro-kernels holding up to 6 x 4
 * vector accumulators (24 of the 32 AVX-512 registers) updated with FMA; leftover rows use 4-row, then 1-row kernels. A
 * is read in place through two strides, so A row-major (NN, NT) and A stored transposed (TN) share the code. C is read
 * and written once per k block; only a last partial vector of a row uses masked access.
 *
 * @implNote The packing buffer ({@code KC x (NC + L)} values, a few hundred KiB) lives in a {@link ThreadLocal},
 *     allocated on a thread's first call and never grown afterwards, so steady-state calls allocate nothing and
 *     concurrent calls from several threads are safe.
 */
final class FloatGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Depth of a k block: a packed panel of KC x 4 vectors (32 KiB) stays in L1 while all rows sweep it. */
    private static final int KC = 128;
    /** Columns of a packed block of B: 2 KiB runs of a row-major B for the prefetchers. */
    private static final int NC = 512;
    private static final ThreadLocal<float[]> B_BLOCK = ThreadLocal.withInitial(() -> new float[KC * (NC + L)]);
    /**
     * The most values (k x n) of a row-major B whose rows are whole vectors (n a multiple of the vector length) that
     * the micro-kernels read in place instead of packed: such a B's rows already hold each panel's rows, only n
     * apart instead of the panel's width, and a B this small stays in L1 or L2 while the rows of A sweep it, where
     * packing it only copied it. The products and sums are those of the packed path, bit for bit.
     */
    private static final int IN_PLACE = 64 * 64;

    private FloatGemm() {}

    /**
     * C[m x n] (+)= A * B, where A(i, p) = a[i * ars + p * acs], and B(p, j) = b[p * n + j], or b[j * k + p]
     * when {@code bTransposed}. C is row-major with row stride n.
     */
    static void multiply(int m, int n, int k, float[] a, int ars, int acs, float[] b, boolean bTransposed,
            float[] c, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) Arrays.fill(c, 0, m * n, 0);
            return;
        }
        boolean inPlace = !bTransposed && n % L == 0 && (long) k * n <= IN_PLACE;
        float[] bp = inPlace ? b : B_BLOCK.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean load = accumulate || pc > 0;
                if (bTransposed) packBTransposed(kc, nc, b, k, pc, jc, bp);
                else if (!inPlace) packB(kc, nc, b, n, pc, jc, bp);
                int aBlock = pc * acs;
                for (int jj = 0; jj < nc; ) {
                    int vecs = panelVectors(nc - jj);
                    int cols = Math.min(vecs * L, nc - jj);
                    // where the panel's first row starts, and how far apart its rows are
                    int bo = inPlace ? pc * n + jc + jj : jj * kc;
                    int bs = inPlace ? n : vecs * L;
                    int cj = jc + jj;
                    int i = 0;
                    switch (vecs) {
                        case 4 -> {
                            for (; i + 6 <= m; i += 6) k6x4(kc, a, i * ars + aBlock, ars, acs, bp, bo, bs, c, i * n + cj, n, load);
                            for (; i + 4 <= m; i += 4) k4x4(kc, a, i * ars + aBlock, ars, acs, bp, bo, bs, c, i * n + cj, n, load);
                            for (; i < m; i++) k1x4(kc, a, i * ars + aBlock, acs, bp, bo, bs, c, i * n + cj, load);
                        }
                        case 2 -> {
                            for (; i + 6 <= m; i += 6) k6x2(kc, a, i * ars + aBlock, ars, acs, bp, bo, bs, c, i * n + cj, n, load);
                            for (; i + 4 <= m; i += 4) k4x2(kc, a, i * ars + aBlock, ars, acs, bp, bo, bs, c, i * n + cj, n, load);
                            for (; i < m; i++) k1x2(kc, a, i * ars + aBlock, acs, bp, bo, bs, c, i * n + cj, load);
                        }
                        default -> {
                            // The mask is rebuilt inside each kernel from cols: a mask passed to a call that C2 does
                            // not inline is boxed, which allocated on every product with a partial last vector.
                            for (; i + 4 <= m; i += 4) k4x1(kc, a, i * ars + aBlock, ars, acs, bp, bo, bs, c, i * n + cj, n, load, cols);
                            for (; i < m; i++) k1x1(kc, a, i * ars + aBlock, acs, bp, bo, bs, c, i * n + cj, load, cols);
                        }
                    }
                    jj += cols;
                }
            }
        }
    }

    /** Width in vectors of the packed panel that starts {@code rem} columns before the end of a block. */
    private static int panelVectors(int rem) {
        return rem >= 4 * L ? 4 : rem >= 2 * L ? 2 : 1;
    }

    /**
     * Packs the kc x nc block B(pc + p, jc + j), B row-major [k x n], into panels of w = 4, 2 or 1 vectors (see
     * {@link #panelVectors}): the panel of columns jj.. begins at {@code jj * kc} and holds B(p, jj + t) at
     * {@code jj * kc + p * w + t}; columns past the block's end are zero. B's rows are read front to back.
     */
    private static void packB(int kc, int nc, float[] b, int n, int pc, int jc, float[] bBlock) {
        for (int p = 0; p < kc; p++) {
            int s = (pc + p) * n + jc;
            for (int jj = 0; jj < nc; ) {
                int w = panelVectors(nc - jj) * L;
                int cols = Math.min(w, nc - jj);
                int d = jj * kc + p * w;
                System.arraycopy(b, s + jj, bBlock, d, cols);
                if (cols < w) Arrays.fill(bBlock, d + cols, d + w, 0);
                jj += cols;
            }
        }
    }

    /** Same as {@link #packB} for B stored transposed, [n x k]: each of B's columns is read front to back. */
    private static void packBTransposed(int kc, int nc, float[] b, int k, int pc, int jc, float[] bBlock) {
        for (int jj = 0; jj < nc; ) {
            int w = panelVectors(nc - jj) * L;
            int cols = Math.min(w, nc - jj);
            int panel = jj * kc;
            // Eight source rows at a time: eight streams in flight, and each panel row receives eight adjacent
            // values (a cache line, or half of one) per visit.
            int t = 0;
            for (; t + 8 <= cols; t += 8) {
                int s0 = (jc + jj + t) * k + pc, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k;
                int s4 = s3 + k, s5 = s4 + k, s6 = s5 + k, s7 = s6 + k;
                for (int p = 0, d = panel + t; p < kc; p++, d += w) {
                    bBlock[d] = b[s0 + p];
                    bBlock[d + 1] = b[s1 + p];
                    bBlock[d + 2] = b[s2 + p];
                    bBlock[d + 3] = b[s3 + p];
                    bBlock[d + 4] = b[s4 + p];
                    bBlock[d + 5] = b[s5 + p];
                    bBlock[d + 6] = b[s6 + p];
                    bBlock[d + 7] = b[s7 + p];
                }
            }
            for (; t < cols; t++) {
                int s = (jc + jj + t) * k + pc;
                for (int p = 0, d = panel + t; p < kc; p++, d += w) bBlock[d] = b[s + p];
            }
            if (cols < w) {
                for (int p = 0; p < kc; p++) Arrays.fill(bBlock, panel + p * w + cols, panel + p * w + w, 0);
            }
            jj += cols;
        }
    }


    private static FloatVector ld(float[] c, int o, boolean load) {
        return load ? FloatVector.fromArray(S, c, o) : FloatVector.zero(S);
    }

    private static void k6x4(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo0, int bs, float[] c, int co, int ldc,
            boolean load) {
        int r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load), c02 = ld(c, co + 2 * L, load), c03 = ld(c, co + 3 * L, load);
        FloatVector c10 = ld(c, r1, load), c11 = ld(c, r1 + L, load), c12 = ld(c, r1 + 2 * L, load), c13 = ld(c, r1 + 3 * L, load);
        FloatVector c20 = ld(c, r2, load), c21 = ld(c, r2 + L, load), c22 = ld(c, r2 + 2 * L, load), c23 = ld(c, r2 + 3 * L, load);
        FloatVector c30 = ld(c, r3, load), c31 = ld(c, r3 + L, load), c32 = ld(c, r3 + 2 * L, load), c33 = ld(c, r3 + 3 * L, load);
        FloatVector c40 = ld(c, r4, load), c41 = ld(c, r4 + L, load), c42 = ld(c, r4 + 2 * L, load), c43 = ld(c, r4 + 3 * L, load);
        FloatVector c50 = ld(c, r5, load), c51 = ld(c, r5 + L, load), c52 = ld(c, r5 + 2 * L, load), c53 = ld(c, r5 + 3 * L, load);
        int a0 = ao, a1 = ao + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        for (int p = 0, bo = bo0; p < kc; p++, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[a4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[a5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53);
            a0 += acs; a1 += acs; a2 += acs; a3 += acs; a4 += acs; a5 += acs;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L); c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L); c43.intoArray(c, r4 + 3 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L); c53.intoArray(c, r5 + 3 * L);
    }

    private static void k4x4(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo0, int bs, float[] c, int co, int ldc,
            boolean load) {
        int r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load), c02 = ld(c, co + 2 * L, load), c03 = ld(c, co + 3 * L, load);
        FloatVector c10 = ld(c, r1, load), c11 = ld(c, r1 + L, load), c12 = ld(c, r1 + 2 * L, load), c13 = ld(c, r1 + 3 * L, load);
        FloatVector c20 = ld(c, r2, load), c21 = ld(c, r2 + L, load), c22 = ld(c, r2 + 2 * L, load), c23 = ld(c, r2 + 3 * L, load);
        FloatVector c30 = ld(c, r3, load), c31 = ld(c, r3 + L, load), c32 = ld(c, r3 + 2 * L, load), c33 = ld(c, r3 + 3 * L, load);
        int a0 = ao, a1 = ao + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0, bo = bo0; p < kc; p++, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
            a0 += acs; a1 += acs; a2 += acs; a3 += acs;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L); c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
    }

    private static void k1x4(int kc, float[] a, int ao, int acs, float[] bp, int bo0, int bs, float[] c, int co, boolean load) {
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load), c02 = ld(c, co + 2 * L, load), c03 = ld(c, co + 3 * L, load);
        for (int p = 0, bo = bo0, a0 = ao; p < kc; p++, bo += bs, a0 += acs) {
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(FloatVector.fromArray(S, bp, bo), c00);
            c01 = x.fma(FloatVector.fromArray(S, bp, bo + L), c01);
            c02 = x.fma(FloatVector.fromArray(S, bp, bo + 2 * L), c02);
            c03 = x.fma(FloatVector.fromArray(S, bp, bo + 3 * L), c03);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L); c03.intoArray(c, co + 3 * L);
    }

    private static void k6x2(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo0, int bs, float[] c, int co, int ldc,
            boolean load) {
        int r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load);
        FloatVector c10 = ld(c, r1, load), c11 = ld(c, r1 + L, load);
        FloatVector c20 = ld(c, r2, load), c21 = ld(c, r2 + L, load);
        FloatVector c30 = ld(c, r3, load), c31 = ld(c, r3 + L, load);
        FloatVector c40 = ld(c, r4, load), c41 = ld(c, r4 + L, load);
        FloatVector c50 = ld(c, r5, load), c51 = ld(c, r5 + L, load);
        int a0 = ao, a1 = ao + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
        for (int p = 0, bo = bo0; p < kc; p++, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            a0 += acs; a1 += acs; a2 += acs; a3 += acs; a4 += acs; a5 += acs;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
    }

    private static void k4x2(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo0, int bs, float[] c, int co, int ldc,
            boolean load) {
        int r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load);
        FloatVector c10 = ld(c, r1, load), c11 = ld(c, r1 + L, load);
        FloatVector c20 = ld(c, r2, load), c21 = ld(c, r2 + L, load);
        FloatVector c30 = ld(c, r3, load), c31 = ld(c, r3 + L, load);
        int a0 = ao, a1 = ao + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0, bo = bo0; p < kc; p++, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            a0 += acs; a1 += acs; a2 += acs; a3 += acs;
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
    }

    private static void k1x2(int kc, float[] a, int ao, int acs, float[] bp, int bo0, int bs, float[] c, int co, boolean load) {
        FloatVector c00 = ld(c, co, load), c01 = ld(c, co + L, load);
        for (int p = 0, bo = bo0, a0 = ao; p < kc; p++, bo += bs, a0 += acs) {
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(FloatVector.fromArray(S, bp, bo), c00);
            c01 = x.fma(FloatVector.fromArray(S, bp, bo + L), c01);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
    }

    private static FloatVector ldm(float[] c, int o, boolean load, VectorMask<Float> mask) {
        return load ? FloatVector.fromArray(S, c, o, mask) : FloatVector.zero(S);
    }

    /** One vector of columns, the last {@code L - cols} of them masked off in C. */
    private static void k4x1(int kc, float[] a, int ao, int ars, int acs, float[] bp, int bo0, int bs, float[] c, int co, int ldc,
            boolean load, int cols) {
        VectorMask<Float> mask = S.indexInRange(0, cols);
        int r1 = co + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c0 = ldm(c, co, load, mask), c1 = ldm(c, r1, load, mask);
        FloatVector c2 = ldm(c, r2, load, mask), c3 = ldm(c, r3, load, mask);
        int a0 = ao, a1 = ao + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0, bo = bo0; p < kc; p++, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            c0 = FloatVector.broadcast(S, a[a0]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3]).fma(b0, c3);
            a0 += acs; a1 += acs; a2 += acs; a3 += acs;
        }
        c0.intoArray(c, co, mask); c1.intoArray(c, r1, mask); c2.intoArray(c, r2, mask); c3.intoArray(c, r3, mask);
    }

    private static void k1x1(int kc, float[] a, int ao, int acs, float[] bp, int bo0, int bs, float[] c, int co, boolean load,
            int cols) {
        VectorMask<Float> mask = S.indexInRange(0, cols);
        FloatVector c0 = ldm(c, co, load, mask);
        for (int p = 0, bo = bo0, a0 = ao; p < kc; p++, bo += bs, a0 += acs) {
            c0 = FloatVector.broadcast(S, a[a0]).fma(FloatVector.fromArray(S, bp, bo), c0);
        }
        c0.intoArray(c, co, mask);
    }
}
