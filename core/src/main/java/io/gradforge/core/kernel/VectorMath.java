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

/**
 * {@link PointwiseMath} on vectors: the same operations in the same order, so each lane equals the scalar
 * result bit for bit, in every JIT tier. Both branches of tanh are evaluated and blended.
 */
final class VectorMath {
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final int ROUND_BITS_F = Float.floatToRawIntBits(ROUND_F);

    private VectorMath() {}

    static DoubleVector expClamped(DoubleVector z) {
        DoubleVector kd = z.fma(LOG2E, ROUND);
        var k = kd.reinterpretAsLongs().sub(ROUND_BITS);
        DoubleVector kf = kd.sub(ROUND).neg();
        DoubleVector r = kf.fma(DoubleVector.broadcast(z.species(), LN2_HI), z);
        r = kf.fma(DoubleVector.broadcast(z.species(), LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(z.species(), EXP_C[0]);
        for (int i = 1; i < EXP_C.length; i++) p = p.fma(r, DoubleVector.broadcast(z.species(), EXP_C[i]));
        return p.mul(k.add(1023L).lanewise(VectorOperators.LSHL, 52L).reinterpretAsDoubles());
    }

    static FloatVector expClamped(FloatVector z) {
        FloatVector kd = z.fma(LOG2E_F, ROUND_F);
        var k = kd.reinterpretAsInts().sub(ROUND_BITS_F);
        FloatVector kf = kd.sub(ROUND_F).neg();
        FloatVector r = kf.fma(FloatVector.broadcast(z.species(), LN2_HI_F), z);
        r = kf.fma(FloatVector.broadcast(z.species(), LN2_LO_F), r);
        FloatVector p = FloatVector.broadcast(z.species(), EXP_CF[0]);
        for (int i = 1; i < EXP_CF.length; i++) p = p.fma(r, FloatVector.broadcast(z.species(), EXP_CF[i]));
        return p.mul(k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    static DoubleVector tanh(DoubleVector x) {
        DoubleVector y = x.abs().mul(2.0).min(CAP);
        DoubleVector q = DoubleVector.broadcast(x.species(), EXPM1_C[0]);
        for (int i = 1; i < EXPM1_C.length; i++) q = q.fma(y, DoubleVector.broadcast(x.species(), EXPM1_C[i]));
        VectorMask<Double> small = y.compare(VectorOperators.LT, SMALL);
        DoubleVector m = expClamped(y).sub(1.0).blend(y.mul(q), small);
        DoubleVector t = m.div(m.add(2.0));
        return t.blend(t.neg(), x.compare(VectorOperators.LT, 0.0));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector y = x.abs().mul(2f).min(CAP_F);
        FloatVector q = FloatVector.broadcast(x.species(), EXPM1_CF[0]);
        for (int i = 1; i < EXPM1_CF.length; i++) q = q.fma(y, FloatVector.broadcast(x.species(), EXPM1_CF[i]));
        VectorMask<Float> small = y.compare(VectorOperators.LT, SMALL_F);
        FloatVector m = expClamped(y).sub(1f).blend(y.mul(q), small);
        FloatVector t = m.div(m.add(2f));
        return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
    }

    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = expClamped(x.abs().neg().max(EXP_MIN));
        DoubleVector one = DoubleVector.broadcast(x.species(), 1.0);
        return one.blend(e, x.compare(VectorOperators.LT, 0.0)).div(e.add(1.0));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = expClamped(x.abs().neg().max(EXP_MIN_F));
        FloatVector one = FloatVector.broadcast(x.species(), 1f);
        return one.blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(1f));
    }
}
