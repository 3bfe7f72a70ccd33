package io.gradforge.core.kernel;

/**
 * Deterministic tanh, sigmoid, elu, swish and exp built only from IEEE-exact operations (+, -, *, /, fused
 * multiply-add), so every JIT tier, every thread and both kernel implementations compute bit-identical results. The JDK's
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
 *
 * <p>elu (selu is a scaled elu) is {@code x > 0 ? scale x : scale alpha expm1(x)} with the same expm1 (series near
 * 0, so small negative inputs keep their relative accuracy); its derivative for {@code x <= 0}, {@code scale alpha
 * e^x}, is {@code y + scale alpha} from the forward output y, as tanh's is {@code 1 - y^2}: the backward pass needs
 * no exp. swish is {@code x sigmoid(beta x)}; its derivative {@code s (1 + beta x (1 - s))} takes {@code 1 - s}
 * from the same exp (not by subtracting s from 1, which loses it where s is near 1). These are the kernels'
 * definitions; {@code Activation.value}/{@code derivative} keep the {@code Math.exp}-based ones for scalar uses, as
 * they keep {@code Math.tanh}.
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

    /** e^z - 1 for z in [EXP_MIN, 709] (the caller clamps): the series for |z| &lt; SMALL, else exp(z) - 1. */
    static double expm1Clamped(double z) {
        if (Math.abs(z) < SMALL) {
            double q = EXPM1_C[0];
            for (int i = 1; i < EXPM1_C.length; i++) q = Math.fma(q, z, EXPM1_C[i]);
            return z * q;
        }
        return expClamped(z) - 1;
    }

    static float expm1Clamped(float z) {
        if (Math.abs(z) < SMALL_F) {
            float q = EXPM1_CF[0];
            for (int i = 1; i < EXPM1_CF.length; i++) q = Math.fma(q, z, EXPM1_CF[i]);
            return z * q;
        }
        return expClamped(z) - 1;
    }

    public static double tanh(double x) {
        double m = expm1Clamped(Math.min(2 * Math.abs(x), CAP));
        double t = m / (m + 2);
        return x < 0 ? -t : t;
    }

    public static float tanh(float x) {
        float m = expm1Clamped(Math.min(2 * Math.abs(x), CAP_F));
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

    /**
     * elu scaled: {@code x > 0 ? scale x : scaleAlpha expm1(x)}, with {@code scaleAlpha = scale * alpha} (elu has
     * scale 1, selu lambda). The negative branch's argument is clamped at EXP_MIN, where expm1 is -1 to double
     * precision.
     */
    static double elu(double x, double scale, double scaleAlpha) {
        return x > 0 ? scale * x : scaleAlpha * expm1Clamped(Math.max(x, EXP_MIN));
    }

    static float elu(float x, float scale, float scaleAlpha) {
        return x > 0 ? scale * x : scaleAlpha * expm1Clamped(Math.max(x, EXP_MIN_F));
    }

    /**
     * elu's derivative from the forward output {@code y = elu(x, scale, scaleAlpha)}: scale for x &gt; 0, else
     * {@code y + scaleAlpha} (= scale alpha e^x; never negative, as y &ge; -scaleAlpha).
     */
    static double eluDerivative(double x, double y, double scale, double scaleAlpha) {
        return x > 0 ? scale : y + scaleAlpha;
    }

    static float eluDerivative(float x, float y, float scale, float scaleAlpha) {
        return x > 0 ? scale : y + scaleAlpha;
    }

    /** swish: {@code x sigmoid(beta x)}. */
    static double swish(double x, double beta) {
        return x * sigmoid(beta * x);
    }

    static float swish(float x, float beta) {
        return x * sigmoid(beta * x);
    }

    /**
     * swish's derivative {@code s (1 + t (1 - s))} with {@code t = beta x}, {@code s = sigmoid(t)}: from
     * {@code e = exp(-|t|)}, s and 1 - s are {@code 1 / (1 + e)} and {@code e / (1 + e)} (which is which follows
     * the sign of t).
     */
    static double swishDerivative(double x, double beta) {
        double t = beta * x;
        double e = expClamped(Math.max(-Math.abs(t), EXP_MIN));
        double inv = 1 / (e + 1);
        double small = e * inv;
        double s = t < 0 ? small : inv, sc = t < 0 ? inv : small;
        return s * Math.fma(t, sc, 1.0);
    }

    static float swishDerivative(float x, float beta) {
        float t = beta * x;
        float e = expClamped(Math.max(-Math.abs(t), EXP_MIN_F));
        float inv = 1 / (e + 1);
        float small = e * inv;
        float s = t < 0 ? small : inv, sc = t < 0 ? inv : small;
        return s * Math.fma(t, sc, 1f);
    }
}
