package io.gradforge.core.kernel;

import static io.gradforge.core.kernel.PointwiseMath.CAP;
import static io.gradforge.core.kernel.PointwiseMath.CAP_F;
import static io.gradforge.core.kernel.PointwiseMath.EXPM1_C;
import static io.gradforge.core.kernel.PointwiseMath.EXPM1_CF;
import static io.gradforge.core.kernel.PointwiseMath.EXP_C;
import static io.gradforge.core.kernel.PointwiseMath.EXP_CF;
import static io.gradforge.core.kernel.PointwiseMath.EXP_MIN;
import static io.gradforge.core.kernel.PointwiseMath.EXP_MIN_F;
import static io.gradforge.core.kernel.PointwiseMath.LN2_HI;
import static io.gradforge.core.kernel.PointwiseMath.LN2_HI_F;
import static io.gradforge.core.kernel.PointwiseMath.LN2_LO;
import static io.gradforge.core.kernel.PointwiseMath.LN2_LO_F;
import static io.gradforge.core.kernel.PointwiseMath.LOG2E;
import static io.gradforge.core.kernel.PointwiseMath.LOG2E_F;
import static io.gradforge.core.kernel.PointwiseMath.ROUND;
import static io.gradforge.core.kernel.PointwiseMath.ROUND_F;
import static io.gradforge.core.kernel.PointwiseMath.SMALL;
import static io.gradforge.core.kernel.PointwiseMath.SMALL_F;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PointwiseMath} on vectors: the same operations in the same order, so each lane equals the scalar
 * result bit for bit, in every JIT tier. Both branches of tanh and of elu are evaluated and blended. Every method
 * loads its vectors from arrays and stores its results, and exp's argument reduction is written out in each: a
 * vector passed to or returned from a method that C2 does not inline is boxed, which allocated in the recurrent
 * cells' steps (their callers are large enough to exhaust C2's inlining budget).
 */
final class VectorMath {
    /** The species of {@link VectorKernels}; a species that is not a constant defeats the intrinsics. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final int ROUND_BITS_F = Float.floatToRawIntBits(ROUND_F);

    private VectorMath() {}

    /**
     * Writes tanh of the vectors at {@code in[i0..]} and {@code in[i1..]} to {@code out[o0..]} and {@code out[o1..]}
     * (i0 == i1 with o0 == o1 does one vector; out may be in). Two vectors at once, with their exp and expm1
     * polynomials interleaved: each Horner chain is serial (every FMA waits for the previous one), so one vector
     * leaves the FMA unit mostly idle; four interleaved chains made the float64 bias+tanh pass 1.6-1.75x faster.
     * Every lane still sees exactly {@link PointwiseMath#tanh}'s operations. The vectors are loaded here rather
     * than passed in: a vector argument of a call that C2 does not inline is boxed, which allocates.
     */
    static void tanh(double[] in, int i0, int i1, double[] out, int o0, int o1) {
        VectorSpecies<Double> sp = D;
        DoubleVector x0 = DoubleVector.fromArray(sp, in, i0), x1 = DoubleVector.fromArray(sp, in, i1);
        DoubleVector y0 = x0.abs().mul(2.0).min(CAP), y1 = x1.abs().mul(2.0).min(CAP);
        // exp(y) = 2^k p(r): the argument reduction of expClamped, for both vectors
        DoubleVector kd0 = y0.fma(LOG2E, ROUND), kd1 = y1.fma(LOG2E, ROUND);
        var k0 = kd0.reinterpretAsLongs().sub(ROUND_BITS);
        var k1 = kd1.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf0 = kd0.sub(ROUND).neg(), kf1 = kd1.sub(ROUND).neg();
        DoubleVector hi = DoubleVector.broadcast(sp, LN2_HI), lo = DoubleVector.broadcast(sp, LN2_LO);
        DoubleVector r0 = kf0.fma(lo, kf0.fma(hi, y0)), r1 = kf1.fma(lo, kf1.fma(hi, y1));
        DoubleVector p0 = DoubleVector.broadcast(sp, EXP_C[0]), p1 = p0;
        DoubleVector q0 = DoubleVector.broadcast(sp, EXPM1_C[0]), q1 = q0;
        for (int i = 1; i < Math.max(EXP_C.length, EXPM1_C.length); i++) {
            if (i < EXPM1_C.length) {
                DoubleVector c = DoubleVector.broadcast(sp, EXPM1_C[i]);
                q0 = q0.fma(y0, c);
                q1 = q1.fma(y1, c);
            }
            if (i < EXP_C.length) {
                DoubleVector c = DoubleVector.broadcast(sp, EXP_C[i]);
                p0 = p0.fma(r0, c);
                p1 = p1.fma(r1, c);
            }
        }
        DoubleVector e0 = p0.mul(k0.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector e1 = p1.mul(k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector m0 = e0.sub(1.0).blend(y0.mul(q0), y0.compare(VectorOperators.LT, SMALL));
        DoubleVector m1 = e1.sub(1.0).blend(y1.mul(q1), y1.compare(VectorOperators.LT, SMALL));
        DoubleVector t0 = m0.div(m0.add(2.0)), t1 = m1.div(m1.add(2.0));
        t0.blend(t0.neg(), x0.compare(VectorOperators.LT, 0.0)).intoArray(out, o0);
        t1.blend(t1.neg(), x1.compare(VectorOperators.LT, 0.0)).intoArray(out, o1);
    }

    /**
     * Writes tanh of the float vector at {@code in[i..]} to {@code out[o..]} (out may be in). One vector: the float
     * polynomials are short (degrees 7 and 8), and an interleaved two-vector form measured slower here.
     */
    static void tanh(float[] in, int i, float[] out, int o) {
        FloatVector x = FloatVector.fromArray(F, in, i);
        FloatVector y = x.abs().mul(2f).min(CAP_F);
        FloatVector q = FloatVector.broadcast(F, EXPM1_CF[0]);
        for (int c = 1; c < EXPM1_CF.length; c++) q = q.fma(y, FloatVector.broadcast(F, EXPM1_CF[c]));
        FloatVector kd = y.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(F, LN2_LO_F), kf.fma(FloatVector.broadcast(F, LN2_HI_F), y));
        FloatVector p = FloatVector.broadcast(F, EXP_CF[0]);
        for (int c = 1; c < EXP_CF.length; c++) p = p.fma(r, FloatVector.broadcast(F, EXP_CF[c]));
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector m = e.sub(1f).blend(y.mul(q), y.compare(VectorOperators.LT, SMALL_F));
        FloatVector t = m.div(m.add(2f));
        t.blend(t.neg(), x.compare(VectorOperators.LT, 0f)).intoArray(out, o);
    }

    /** Writes the sigmoid of the vector at {@code in[i..]} to {@code out[o..]} (out may be in). */
    static void sigmoid(double[] in, int i, double[] out, int o) {
        DoubleVector x = DoubleVector.fromArray(D, in, i);
        DoubleVector z = x.abs().neg().max(EXP_MIN);
        DoubleVector kd = z.fma(LOG2E, ROUND);
        var k = kd.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf = kd.sub(ROUND).neg();
        DoubleVector r = kf.fma(DoubleVector.broadcast(D, LN2_LO), kf.fma(DoubleVector.broadcast(D, LN2_HI), z));
        DoubleVector p = DoubleVector.broadcast(D, EXP_C[0]);
        for (int c = 1; c < EXP_C.length; c++) p = p.fma(r, DoubleVector.broadcast(D, EXP_C[c]));
        DoubleVector e = p.mul(k.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        one.blend(e, x.compare(VectorOperators.LT, 0.0)).div(e.add(1.0)).intoArray(out, o);
    }

    static void sigmoid(float[] in, int i, float[] out, int o) {
        FloatVector x = FloatVector.fromArray(F, in, i);
        FloatVector z = x.abs().neg().max(EXP_MIN_F);
        FloatVector kd = z.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(F, LN2_LO_F), kf.fma(FloatVector.broadcast(F, LN2_HI_F), z));
        FloatVector p = FloatVector.broadcast(F, EXP_CF[0]);
        for (int c = 1; c < EXP_CF.length; c++) p = p.fma(r, FloatVector.broadcast(F, EXP_CF[c]));
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector one = FloatVector.broadcast(F, 1f);
        one.blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(1f)).intoArray(out, o);
    }

    /**
     * Writes {@link PointwiseMath#elu} of the vectors at {@code x[i0..]} and {@code x[i1..]} to {@code y} at the same
     * offsets (i0 == i1 does one vector; y may be x). As tanh: two vectors, their exp and expm1-series chains
     * interleaved, both branches of expm1 evaluated and blended, and the positive lanes blended in last (their
     * exp is garbage and discarded).
     */
    static void elu(double scale, double scaleAlpha, double[] x, int i0, int i1, double[] y) {
        VectorSpecies<Double> sp = D;
        DoubleVector x0 = DoubleVector.fromArray(sp, x, i0), x1 = DoubleVector.fromArray(sp, x, i1);
        DoubleVector z0 = x0.max(EXP_MIN), z1 = x1.max(EXP_MIN);
        DoubleVector kd0 = z0.fma(LOG2E, ROUND), kd1 = z1.fma(LOG2E, ROUND);
        var k0 = kd0.reinterpretAsLongs().sub(ROUND_BITS);
        var k1 = kd1.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf0 = kd0.sub(ROUND).neg(), kf1 = kd1.sub(ROUND).neg();
        DoubleVector hi = DoubleVector.broadcast(sp, LN2_HI), lo = DoubleVector.broadcast(sp, LN2_LO);
        DoubleVector r0 = kf0.fma(lo, kf0.fma(hi, z0)), r1 = kf1.fma(lo, kf1.fma(hi, z1));
        DoubleVector p0 = DoubleVector.broadcast(sp, EXP_C[0]), p1 = p0;
        DoubleVector q0 = DoubleVector.broadcast(sp, EXPM1_C[0]), q1 = q0;
        for (int i = 1; i < Math.max(EXP_C.length, EXPM1_C.length); i++) {
            if (i < EXPM1_C.length) {
                DoubleVector c = DoubleVector.broadcast(sp, EXPM1_C[i]);
                q0 = q0.fma(z0, c);
                q1 = q1.fma(z1, c);
            }
            if (i < EXP_C.length) {
                DoubleVector c = DoubleVector.broadcast(sp, EXP_C[i]);
                p0 = p0.fma(r0, c);
                p1 = p1.fma(r1, c);
            }
        }
        DoubleVector e0 = p0.mul(k0.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector e1 = p1.mul(k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector m0 = e0.sub(1.0).blend(z0.mul(q0), z0.abs().compare(VectorOperators.LT, SMALL));
        DoubleVector m1 = e1.sub(1.0).blend(z1.mul(q1), z1.abs().compare(VectorOperators.LT, SMALL));
        m0.mul(scaleAlpha).blend(x0.mul(scale), x0.compare(VectorOperators.GT, 0.0)).intoArray(y, i0);
        m1.mul(scaleAlpha).blend(x1.mul(scale), x1.compare(VectorOperators.GT, 0.0)).intoArray(y, i1);
    }

    /** {@link PointwiseMath#elu} of the float vector at {@code x[i..]}, to {@code y[i..]} (y may be x). */
    static void elu(float scale, float scaleAlpha, float[] x, int i, float[] y) {
        FloatVector v = FloatVector.fromArray(F, x, i);
        FloatVector z = v.max(EXP_MIN_F);
        FloatVector q = FloatVector.broadcast(F, EXPM1_CF[0]);
        for (int c = 1; c < EXPM1_CF.length; c++) q = q.fma(z, FloatVector.broadcast(F, EXPM1_CF[c]));
        FloatVector kd = z.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(F, LN2_LO_F), kf.fma(FloatVector.broadcast(F, LN2_HI_F), z));
        FloatVector p = FloatVector.broadcast(F, EXP_CF[0]);
        for (int c = 1; c < EXP_CF.length; c++) p = p.fma(r, FloatVector.broadcast(F, EXP_CF[c]));
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector m = e.sub(1f).blend(z.mul(q), z.abs().compare(VectorOperators.LT, SMALL_F));
        m.mul(scaleAlpha).blend(v.mul(scale), v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
    }

    /**
     * Writes {@link PointwiseMath#swish} of the vectors at {@code x[i0..]} and {@code x[i1..]} to {@code y} at the
     * same offsets (i0 == i1 does one vector; y may be x): two exp chains interleaved, as tanh.
     */
    static void swish(double beta, double[] x, int i0, int i1, double[] y) {
        VectorSpecies<Double> sp = D;
        DoubleVector x0 = DoubleVector.fromArray(sp, x, i0), x1 = DoubleVector.fromArray(sp, x, i1);
        DoubleVector t0 = x0.mul(beta), t1 = x1.mul(beta);
        DoubleVector z0 = t0.abs().neg().max(EXP_MIN), z1 = t1.abs().neg().max(EXP_MIN);
        DoubleVector kd0 = z0.fma(LOG2E, ROUND), kd1 = z1.fma(LOG2E, ROUND);
        var k0 = kd0.reinterpretAsLongs().sub(ROUND_BITS);
        var k1 = kd1.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf0 = kd0.sub(ROUND).neg(), kf1 = kd1.sub(ROUND).neg();
        DoubleVector hi = DoubleVector.broadcast(sp, LN2_HI), lo = DoubleVector.broadcast(sp, LN2_LO);
        DoubleVector r0 = kf0.fma(lo, kf0.fma(hi, z0)), r1 = kf1.fma(lo, kf1.fma(hi, z1));
        DoubleVector p0 = DoubleVector.broadcast(sp, EXP_C[0]), p1 = p0;
        for (int i = 1; i < EXP_C.length; i++) {
            DoubleVector c = DoubleVector.broadcast(sp, EXP_C[i]);
            p0 = p0.fma(r0, c);
            p1 = p1.fma(r1, c);
        }
        DoubleVector e0 = p0.mul(k0.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector e1 = p1.mul(k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        DoubleVector s0 = one.blend(e0, t0.compare(VectorOperators.LT, 0.0)).div(e0.add(1.0));
        DoubleVector s1 = one.blend(e1, t1.compare(VectorOperators.LT, 0.0)).div(e1.add(1.0));
        x0.mul(s0).intoArray(y, i0);
        x1.mul(s1).intoArray(y, i1);
    }

    /** {@link PointwiseMath#swish} of the float vector at {@code x[i..]}, to {@code y[i..]} (y may be x). */
    static void swish(float beta, float[] x, int i, float[] y) {
        FloatVector v = FloatVector.fromArray(F, x, i);
        FloatVector t = v.mul(beta);
        FloatVector z = t.abs().neg().max(EXP_MIN_F);
        FloatVector kd = z.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(F, LN2_LO_F), kf.fma(FloatVector.broadcast(F, LN2_HI_F), z));
        FloatVector p = FloatVector.broadcast(F, EXP_CF[0]);
        for (int c = 1; c < EXP_CF.length; c++) p = p.fma(r, FloatVector.broadcast(F, EXP_CF[c]));
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector one = FloatVector.broadcast(F, 1f);
        v.mul(one.blend(e, t.compare(VectorOperators.LT, 0f)).div(e.add(1f))).intoArray(y, i);
    }

    /**
     * Writes {@code gy * }{@link PointwiseMath#swishDerivative} for the vectors at offsets i0 and i1 of x and gy to
     * gx at the same offsets (i0 == i1 does one vector; gx may be gy): two exp chains interleaved, as tanh.
     */
    static void swishBackward(double beta, double[] x, double[] gy, int i0, int i1, double[] gx) {
        VectorSpecies<Double> sp = D;
        DoubleVector t0 = DoubleVector.fromArray(sp, x, i0).mul(beta), t1 = DoubleVector.fromArray(sp, x, i1).mul(beta);
        DoubleVector z0 = t0.abs().neg().max(EXP_MIN), z1 = t1.abs().neg().max(EXP_MIN);
        DoubleVector kd0 = z0.fma(LOG2E, ROUND), kd1 = z1.fma(LOG2E, ROUND);
        var k0 = kd0.reinterpretAsLongs().sub(ROUND_BITS);
        var k1 = kd1.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf0 = kd0.sub(ROUND).neg(), kf1 = kd1.sub(ROUND).neg();
        DoubleVector hi = DoubleVector.broadcast(sp, LN2_HI), lo = DoubleVector.broadcast(sp, LN2_LO);
        DoubleVector r0 = kf0.fma(lo, kf0.fma(hi, z0)), r1 = kf1.fma(lo, kf1.fma(hi, z1));
        DoubleVector p0 = DoubleVector.broadcast(sp, EXP_C[0]), p1 = p0;
        for (int i = 1; i < EXP_C.length; i++) {
            DoubleVector c = DoubleVector.broadcast(sp, EXP_C[i]);
            p0 = p0.fma(r0, c);
            p1 = p1.fma(r1, c);
        }
        DoubleVector e0 = p0.mul(k0.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector e1 = p1.mul(k1.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
        DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        DoubleVector inv0 = one.div(e0.add(1.0)), inv1 = one.div(e1.add(1.0));
        DoubleVector small0 = e0.mul(inv0), small1 = e1.mul(inv1);
        VectorMask<Double> neg0 = t0.compare(VectorOperators.LT, 0.0), neg1 = t1.compare(VectorOperators.LT, 0.0);
        DoubleVector d0 = inv0.blend(small0, neg0).mul(t0.fma(small0.blend(inv0, neg0), one));
        DoubleVector d1 = inv1.blend(small1, neg1).mul(t1.fma(small1.blend(inv1, neg1), one));
        DoubleVector.fromArray(sp, gy, i0).mul(d0).intoArray(gx, i0);
        DoubleVector.fromArray(sp, gy, i1).mul(d1).intoArray(gx, i1);
    }

    /** The float form of {@link #swishBackward(double, double[], double[], int, int, double[])}, one vector at i. */
    static void swishBackward(float beta, float[] x, float[] gy, int i, float[] gx) {
        FloatVector t = FloatVector.fromArray(F, x, i).mul(beta);
        FloatVector z = t.abs().neg().max(EXP_MIN_F);
        FloatVector kd = z.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(F, LN2_LO_F), kf.fma(FloatVector.broadcast(F, LN2_HI_F), z));
        FloatVector p = FloatVector.broadcast(F, EXP_CF[0]);
        for (int c = 1; c < EXP_CF.length; c++) p = p.fma(r, FloatVector.broadcast(F, EXP_CF[c]));
        FloatVector e = p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector inv = one.div(e.add(1f));
        FloatVector small = e.mul(inv);
        VectorMask<Float> neg = t.compare(VectorOperators.LT, 0f);
        FloatVector d = inv.blend(small, neg).mul(t.fma(small.blend(inv, neg), one));
        FloatVector.fromArray(F, gy, i).mul(d).intoArray(gx, i);
    }

    // ---- ranges: y[yAt ..] = f(x[xAt ..]) for len elements (y may be x at the same offset) ----
    // Whole vectors, then PointwiseMath's scalar form for the rest, which equals a lane bit for bit. The loops
    // take arrays, not vectors: a caller that C2 compiles without inlining them passes no vector, so boxes none.

    static void tanh(int len, double[] x, int xAt, double[] y, int yAt) {
        int i = 0;
        int bound = D.loopBound(len);
        for (; i + D.length() < bound; i += 2 * D.length()) {
            tanh(x, xAt + i, xAt + i + D.length(), y, yAt + i, yAt + i + D.length());
        }
        if (i < bound) {
            tanh(x, xAt + i, xAt + i, y, yAt + i, yAt + i);
            i += D.length();
        }
        for (; i < len; i++) y[yAt + i] = PointwiseMath.tanh(x[xAt + i]);
    }

    static void tanh(int len, float[] x, int xAt, float[] y, int yAt) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) tanh(x, xAt + i, y, yAt + i);
        for (; i < len; i++) y[yAt + i] = PointwiseMath.tanh(x[xAt + i]);
    }

    static void sigmoid(int len, double[] x, int xAt, double[] y, int yAt) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) sigmoid(x, xAt + i, y, yAt + i);
        for (; i < len; i++) y[yAt + i] = PointwiseMath.sigmoid(x[xAt + i]);
    }

    static void sigmoid(int len, float[] x, int xAt, float[] y, int yAt) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) sigmoid(x, xAt + i, y, yAt + i);
        for (; i < len; i++) y[yAt + i] = PointwiseMath.sigmoid(x[xAt + i]);
    }

    // elu, swish and swish's backward over len elements from offset at of every array (whole rows or whole buffers).

    static void elu(int len, double scale, double scaleAlpha, double[] x, double[] y, int at) {
        int i = 0;
        int bound = D.loopBound(len);
        for (; i + D.length() < bound; i += 2 * D.length()) elu(scale, scaleAlpha, x, at + i, at + i + D.length(), y);
        if (i < bound) {
            elu(scale, scaleAlpha, x, at + i, at + i, y);
            i += D.length();
        }
        for (; i < len; i++) y[at + i] = PointwiseMath.elu(x[at + i], scale, scaleAlpha);
    }

    static void elu(int len, float scale, float scaleAlpha, float[] x, float[] y, int at) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) elu(scale, scaleAlpha, x, at + i, y);
        for (; i < len; i++) y[at + i] = PointwiseMath.elu(x[at + i], scale, scaleAlpha);
    }

    static void swish(int len, double beta, double[] x, double[] y, int at) {
        int i = 0;
        int bound = D.loopBound(len);
        for (; i + D.length() < bound; i += 2 * D.length()) swish(beta, x, at + i, at + i + D.length(), y);
        if (i < bound) {
            swish(beta, x, at + i, at + i, y);
            i += D.length();
        }
        for (; i < len; i++) y[at + i] = PointwiseMath.swish(x[at + i], beta);
    }

    static void swish(int len, float beta, float[] x, float[] y, int at) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) swish(beta, x, at + i, y);
        for (; i < len; i++) y[at + i] = PointwiseMath.swish(x[at + i], beta);
    }

    static void swishBackward(int len, double beta, double[] x, double[] gy, double[] gx, int at) {
        int i = 0;
        int bound = D.loopBound(len);
        for (; i + D.length() < bound; i += 2 * D.length()) swishBackward(beta, x, gy, at + i, at + i + D.length(), gx);
        if (i < bound) {
            swishBackward(beta, x, gy, at + i, at + i, gx);
            i += D.length();
        }
        for (; i < len; i++) gx[at + i] = gy[at + i] * PointwiseMath.swishDerivative(x[at + i], beta);
    }

    static void swishBackward(int len, float beta, float[] x, float[] gy, float[] gx, int at) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) swishBackward(beta, x, gy, at + i, gx);
        for (; i < len; i++) gx[at + i] = gy[at + i] * PointwiseMath.swishDerivative(x[at + i], beta);
    }
}
