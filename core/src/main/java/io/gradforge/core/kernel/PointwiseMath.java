package io.gradforge.core.kernel;

/**
 * Deterministic tanh and exp built only from IEEE-exact operations (+, -, *, /, fused multiply-add), so every
 * JIT tier, every thread and both kernel implementations compute bit-identical results. The JDK's
 * {@code VectorOperators.TANH}/{@code EXP} are not: compiled code calls a vector math library while interpreted
 * code falls back to {@code Math.tanh} per lane, and the two differ in the last bit, which made a search's
 * results depend on when the JIT happened to compile a kernel. {@link VectorMath} evaluates the same formulas
 * on vectors, operation for operation, so its lanes equal these scalar results.
 *
 * <p>Method: {@code exp(z) = 2^k * p(r)} with {@code k = round(z log2 e)} (by the 1.5*2^52 rounding trick),
 * {@code r = z - k ln 2} in two parts (Cody-Waite), and {@code p} the degree-13 Taylor polynomial of {@code e^r}
 * on {@code |r| <= ln2/2} (truncation below 2e-16 relative). {@code tanh(x) = sign(x) m / (m + 2)} with
 * {@code m = expm1(2|x|)}: a degree-17 series for {@code 2|x| < 0.7} (no cancellation for small x), else
 * {@code exp(2|x|) - 1}; {@code 2|x|} is capped at 40, where tanh is 1 to double precision. Accuracy: within a
 * few ulps of {@code Math.tanh} / {@code Math.exp}. float versions use the same scheme with degree 7 / 9.
 */
final class PointwiseMath {
    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    static final double ROUND = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer
    static final double SMALL = 0.7;
    static final double CAP = 40.0;
    /** exp is evaluated for z >= EXP_MIN (2^k stays a normal number). */
    static final double EXP_MIN = -708.0;

    static final float LOG2E_F = 1.442695f;
    static final float LN2_HI_F = 0.693145751953125f;
    static final float LN2_LO_F = 1.4286068e-6f;
    static final float ROUND_F = 12582912f; // 1.5 * 2^23
    static final float SMALL_F = 0.7f;
    static final float CAP_F = 20f;
    static final float EXP_MIN_F = -87f;

    /** 1/n! for n = 0..13 (exp) and 1/(n+1)! for n = 0..16 (expm1(y)/y), highest degree first. */
    static final double[] EXP_C = inverseFactorials(13, 0);
    static final double[] EXPM1_C = inverseFactorials(16, 1);
    static final float[] EXP_CF = toFloat(inverseFactorials(7, 0));
    static final float[] EXPM1_CF = toFloat(inverseFactorials(8, 1));

    private PointwiseMath() {}

    private static double[] inverseFactorials(int degree, int shift) {
        double[] c = new double[degree + 1];
        for (int n = 0; n <= degree; n++) {
            double f = 1;
            for (int i = 2; i <= n + shift; i++) f *= i;
            c[degree - n] = 1 / f;
        }
        return c;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** e^z for z in [EXP_MIN, 709] (the caller clamps). */
    static double expClamped(double z) {
        double kd = Math.fma(z, LOG2E, ROUND);
        long k = Double.doubleToRawLongBits(kd) - Double.doubleToRawLongBits(ROUND);
        double kf = kd - ROUND;
        double r = Math.fma(-kf, LN2_HI, z);
        r = Math.fma(-kf, LN2_LO, r);
        double p = EXP_C[0];
        for (int i = 1; i < EXP_C.length; i++) p = Math.fma(p, r, EXP_C[i]);
        return p * Double.longBitsToDouble((k + 1023) << 52);
    }

    static float expClamped(float z) {
        float kd = Math.fma(z, LOG2E_F, ROUND_F);
        int k = Float.floatToRawIntBits(kd) - Float.floatToRawIntBits(ROUND_F);
        float kf = kd - ROUND_F;
        float r = Math.fma(-kf, LN2_HI_F, z);
        r = Math.fma(-kf, LN2_LO_F, r);
        float p = EXP_CF[0];
        for (int i = 1; i < EXP_CF.length; i++) p = Math.fma(p, r, EXP_CF[i]);
        return p * Float.intBitsToFloat((k + 127) << 23);
    }

    public static double tanh(double x) {
        double y = Math.min(2 * Math.abs(x), CAP);
        double m;
        if (y < SMALL) {
            double q = EXPM1_C[0];
            for (int i = 1; i < EXPM1_C.length; i++) q = Math.fma(q, y, EXPM1_C[i]);
            m = y * q;
        } else {
            m = expClamped(y) - 1;
        }
        double t = m / (m + 2);
        return x < 0 ? -t : t;
    }

    public static float tanh(float x) {
        float y = Math.min(2 * Math.abs(x), CAP_F);
        float m;
        if (y < SMALL_F) {
            float q = EXPM1_CF[0];
            for (int i = 1; i < EXPM1_CF.length; i++) q = Math.fma(q, y, EXPM1_CF[i]);
            m = y * q;
        } else {
            m = expClamped(y) - 1;
        }
        float t = m / (m + 2);
        return x < 0 ? -t : t;
    }

    /** The logistic function, stable for any x: e = exp(-|x|) never overflows. */
    public static double sigmoid(double x) {
        double e = expClamped(Math.max(-Math.abs(x), EXP_MIN));
        return (x < 0 ? e : 1.0) / (e + 1.0);
    }

    public static float sigmoid(float x) {
        float e = expClamped(Math.max(-Math.abs(x), EXP_MIN_F));
        return (x < 0 ? e : 1f) / (e + 1f);
    }
}
