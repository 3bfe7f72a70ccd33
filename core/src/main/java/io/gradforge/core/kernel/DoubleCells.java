package io.gradforge.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pointwise part of one time step of the recurrent cells on the Vector API, for {@link VectorKernels}: the
 * gates formed from the two products, the state advanced, and backward the gates' pre-activation gradients. The
 * arguments and the arithmetic are those of the reference loops in {@link ScalarKernels} (see
 * {@link Kernels#lstmForward(int, int, double[], int, double[], double[], double[], int, int, double[], int, double[], int, double[])}):
 * each expression is evaluated in the same order with the same operations (no fused multiply-add where the
 * reference has none), and tanh and the sigmoid are {@link VectorMath}'s, so every lane equals the reference
 * bit for bit. A row's last partial vector is masked rather than finished by a scalar loop, so the result does
 * not depend on the vector width either.
 *
 * <p>A step runs row by row in short passes over data that stays in L1: the pre-activations (both products'
 * sides and the hidden bias) into the gates, tanh and the sigmoid over gate blocks through {@link VectorMath}'s
 * range loops, then the state update. The transcendental functions stay behind those array-taking loops because
 * a vector passed to a method C2 does not inline is boxed: one fused loop with all gates' sigmoid calls inlined
 * was too large for C2's inlining budget and allocated on every step.
 */
final class DoubleCells {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private DoubleCells() {}

    static void rnnForward(int n, int hidden, boolean relu, double[] gates, int gatesAt, double[] gh, double[] bias,
            double[] h, int hAt, double[] hPrev) {
        for (int r = 0; r < n; r++) {
            int k = r * hidden;
            preActivation(hidden, gates, gatesAt + k, gh, k, bias, 0, h, hAt + k);
            if (relu) {
                for (int j = 0; j < hidden; j += L) {
                    VectorMask<Double> m = S.indexInRange(j, hidden);
                    DoubleVector.fromArray(S, h, hAt + k + j, m).max(0).intoArray(h, hAt + k + j, m);
                }
            } else {
                VectorMath.tanh(hidden, h, hAt + k, h, hAt + k);
            }
        }
        System.arraycopy(h, hAt, hPrev, 0, n * hidden);
    }

    /** out[o ..] = x[xAt ..] + (gh[ghAt ..] + bias[bAt ..]) for len elements (out may be x). */
    private static void preActivation(int len, double[] x, int xAt, double[] gh, int ghAt, double[] bias, int bAt,
            double[] out, int o) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Double> m = S.indexInRange(j, len);
            DoubleVector.fromArray(S, x, xAt + j, m)
                    .add(DoubleVector.fromArray(S, gh, ghAt + j, m).add(DoubleVector.fromArray(S, bias, bAt + j, m)))
                    .intoArray(out, o + j, m);
        }
    }

    static void rnnBackward(int size, boolean relu, double[] h, int hAt, double[] dh, double[] dG) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1);
        for (int i = 0; i < size; i += L) {
            VectorMask<Double> m = S.indexInRange(i, size);
            DoubleVector y = DoubleVector.fromArray(S, h, hAt + i, m);
            DoubleVector slope = relu ? zero.blend(one, y.compare(VectorOperators.GT, 0)) : y.mul(y).neg().add(1);
            DoubleVector.fromArray(S, dh, i, m).mul(slope).intoArray(dG, i, m);
            zero.intoArray(dh, i, m);
        }
    }

    static void lstmForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] c,
            int cPrevAt, int cNextAt, double[] tanhC, int tanhCAt, double[] h, int hAt, double[] hPrev) {
        int g = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, k = r * hidden;
            preActivation(g, gates, row, gh, r * g, bias, 0, gates, row);
            VectorMath.sigmoid(2 * hidden, gates, row, gates, row);
            VectorMath.tanh(hidden, gates, row + 2 * hidden, gates, row + 2 * hidden);
            VectorMath.sigmoid(hidden, gates, row + 3 * hidden, gates, row + 3 * hidden);
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                DoubleVector in = DoubleVector.fromArray(S, gates, row + j, m);
                DoubleVector forget = DoubleVector.fromArray(S, gates, row + hidden + j, m);
                DoubleVector cand = DoubleVector.fromArray(S, gates, row + 2 * hidden + j, m);
                forget.mul(DoubleVector.fromArray(S, c, cPrevAt + k + j, m)).add(in.mul(cand))
                        .intoArray(c, cNextAt + k + j, m);
            }
            VectorMath.tanh(hidden, c, cNextAt + k, tanhC, tanhCAt + k);
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                DoubleVector.fromArray(S, gates, row + 3 * hidden + j, m)
                        .mul(DoubleVector.fromArray(S, tanhC, tanhCAt + k + j, m)).intoArray(h, hAt + k + j, m);
            }
        }
        System.arraycopy(h, hAt, hPrev, 0, n * hidden);
    }

    static void lstmBackward(int n, int hidden, double[] gates, int gatesAt, double[] c, int cPrevAt, double[] tanhC,
            int tanhCAt, double[] dh, double[] dc, double[] dG) {
        int g = 4 * hidden;
        DoubleVector zero = DoubleVector.zero(S);
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                int i0 = row + j, s0 = sRow + j;
                DoubleVector in = DoubleVector.fromArray(S, gates, i0, m);
                DoubleVector forget = DoubleVector.fromArray(S, gates, i0 + hidden, m);
                DoubleVector cand = DoubleVector.fromArray(S, gates, i0 + 2 * hidden, m);
                DoubleVector out = DoubleVector.fromArray(S, gates, i0 + 3 * hidden, m);
                DoubleVector tc = DoubleVector.fromArray(S, tanhC, tanhCAt + k + j, m);
                DoubleVector dhv = DoubleVector.fromArray(S, dh, k + j, m);
                DoubleVector dct = DoubleVector.fromArray(S, dc, k + j, m).add(dhv.mul(out).mul(tc.mul(tc).neg().add(1)));
                dct.mul(cand).mul(in).mul(in.neg().add(1)).intoArray(dG, s0, m);
                dct.mul(DoubleVector.fromArray(S, c, cPrevAt + k + j, m)).mul(forget).mul(forget.neg().add(1))
                        .intoArray(dG, s0 + hidden, m);
                dct.mul(in).mul(cand.mul(cand).neg().add(1)).intoArray(dG, s0 + 2 * hidden, m);
                dhv.mul(tc).mul(out).mul(out.neg().add(1)).intoArray(dG, s0 + 3 * hidden, m);
                dct.mul(forget).intoArray(dc, k + j, m);
                zero.intoArray(dh, k + j, m);
            }
        }
    }

    static void gruForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias,
            double[] hiddenN, int hiddenNAt, double[] h, int hPrevAt, int hNextAt, double[] hPrev) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, hRow = r * g, k = r * hidden;
            preActivation(2 * hidden, gates, row, gh, hRow, bias, 0, gates, row);
            VectorMath.sigmoid(2 * hidden, gates, row, gates, row);
            int cand = row + 2 * hidden;
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                DoubleVector hn = DoubleVector.fromArray(S, gh, hRow + 2 * hidden + j, m)
                        .add(DoubleVector.fromArray(S, bias, 2 * hidden + j, m));
                hn.intoArray(hiddenN, hiddenNAt + k + j, m);
                DoubleVector.fromArray(S, gates, cand + j, m).add(DoubleVector.fromArray(S, gates, row + j, m).mul(hn))
                        .intoArray(gates, cand + j, m);
            }
            VectorMath.tanh(hidden, gates, cand, gates, cand);
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                DoubleVector update = DoubleVector.fromArray(S, gates, row + hidden + j, m);
                update.neg().add(1).mul(DoubleVector.fromArray(S, gates, cand + j, m))
                        .add(update.mul(DoubleVector.fromArray(S, h, hPrevAt + k + j, m)))
                        .intoArray(h, hNextAt + k + j, m);
            }
        }
        System.arraycopy(h, hNextAt, hPrev, 0, n * hidden);
    }

    static void gruBackward(int n, int hidden, double[] gates, int gatesAt, double[] hiddenN, int hiddenNAt,
            double[] h, int hPrevAt, double[] dh, double[] dGi, double[] dGh) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j += L) {
                VectorMask<Double> m = S.indexInRange(j, hidden);
                int i0 = row + j, s0 = sRow + j;
                DoubleVector reset = DoubleVector.fromArray(S, gates, i0, m);
                DoubleVector update = DoubleVector.fromArray(S, gates, i0 + hidden, m);
                DoubleVector cand = DoubleVector.fromArray(S, gates, i0 + 2 * hidden, m);
                DoubleVector dhv = DoubleVector.fromArray(S, dh, k + j, m);
                DoubleVector dCand = dhv.mul(update.neg().add(1)).mul(cand.mul(cand).neg().add(1));
                DoubleVector dReset = dCand.mul(DoubleVector.fromArray(S, hiddenN, hiddenNAt + k + j, m)).mul(reset)
                        .mul(reset.neg().add(1));
                DoubleVector dUpdate = dhv.mul(DoubleVector.fromArray(S, h, hPrevAt + k + j, m).sub(cand)).mul(update)
                        .mul(update.neg().add(1));
                dReset.intoArray(dGi, i0, m);
                dUpdate.intoArray(dGi, i0 + hidden, m);
                dCand.intoArray(dGi, i0 + 2 * hidden, m);
                dReset.intoArray(dGh, s0, m);
                dUpdate.intoArray(dGh, s0 + hidden, m);
                dCand.mul(reset).intoArray(dGh, s0 + 2 * hidden, m);
                dhv.mul(update).intoArray(dh, k + j, m);
            }
        }
    }
}
