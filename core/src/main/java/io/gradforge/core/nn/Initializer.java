package io.gradforge.core.nn;

import io.gradforge.core.tensor.Tensor;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.jspecify.annotations.Nullable;

/**
 * How a weight matrix {@code [out x in]} (or a bias) is filled. "normal" and "*_normal" kinds are plain,
 * untruncated Gaussians drawn with {@link RandomGenerator#nextGaussian()}; uniform kinds draw
 * U[-limit, limit]. With n_in = fan_in, n_out = fan_out:
 *
 * <table>
 *   <caption>distribution and resulting variance</caption>
 *   <tr><th>kind</th><th>distribution</th><th>{@link #variance}</th></tr>
 *   <tr><td>zeros</td><td>0</td><td>0</td></tr>
 *   <tr><td>constant(c)</td><td>c</td><td>0</td></tr>
 *   <tr><td>normal(std)</td><td>N(0, std^2)</td><td>std^2</td></tr>
 *   <tr><td>uniform(limit)</td><td>U[-limit, limit]</td><td>limit^2 / 3</td></tr>
 *   <tr><td>glorot_standard</td><td>U[-1/sqrt(n_in), 1/sqrt(n_in)] (Glorot &amp; Bengio's "standard")</td><td>1 / (3 n_in)</td></tr>
 *   <tr><td>xavier_uniform</td><td>U[-sqrt(6/(n_in+n_out)), +]; gain 1</td><td>2 / (n_in + n_out)</td></tr>
 *   <tr><td>xavier_normal</td><td>N(0, 2/(n_in+n_out)); gain 1</td><td>2 / (n_in + n_out)</td></tr>
 *   <tr><td>he_uniform</td><td>U[-sqrt(6/n_in), +]; gain sqrt 2 (relu)</td><td>2 / n_in</td></tr>
 *   <tr><td>he_normal</td><td>N(0, 2/n_in); gain sqrt 2</td><td>2 / n_in</td></tr>
 *   <tr><td>lecun_uniform</td><td>U[-sqrt(3/n_in), +]; gain 1</td><td>1 / n_in</td></tr>
 *   <tr><td>lecun_normal</td><td>N(0, 1/n_in); gain 1 (selu)</td><td>1 / n_in</td></tr>
 *   <tr><td>orthogonal(gain)</td><td>gain * Q, Q with orthonormal rows (out &le; in) or columns (out &gt; in)</td>
 *       <td>gain^2 / max(n_in, n_out) (= gain^2 / n_in when out &le; in)</td></tr>
 *   <tr><td>identity(scale)</td><td>scale on the leading diagonal, 0 elsewhere (IRNN, Le et al. 2015)</td>
 *       <td>scale^2 / max(n_in, n_out) (the mean square of a square one)</td></tr>
 *   <tr><td>normal(variance_scale s, mode)</td><td>N(0, s / fan)</td><td>s / fan</td></tr>
 *   <tr><td>uniform(variance_scale s, mode)</td><td>U[-sqrt(3 s / fan), +]</td><td>s / fan</td></tr>
 * </table>
 *
 * <p>The last two are the variance-scaled forms of normal and uniform (a {@link #mode()} given; Keras's
 * {@code VarianceScaling}): {@code fan} is {@link FanMode#fan n_in, n_out or (n_in + n_out) / 2}, so with
 * {@link FanMode#FAN_IN} the scale is mean-field theory's sigma_w^2 and no standard deviation needs computing by
 * hand. Without a mode, {@link #parameter()} is normal's std or uniform's limit.
 *
 * {@snippet :
 * Initializer init = Initializer.heNormal();
 * init.initialize(weight, 64, 32, rng);     // weight is [32 x 64]
 * double v = init.variance(64, 32);         // 2/64
 * Initializer edge = Initializer.varianceScaledNormal(1.0, FanMode.FAN_IN);  // sigma_w^2 = 1: N(0, 1/64) here
 * }
 *
 * @param kind      the scheme
 * @param parameter its parameter (std, limit, gain, scale, value; the variance scale when {@code mode} is given)
 * @param mode      the fan a variance-scaled normal or uniform divides by; null for every other initializer
 */
public record Initializer(InitKind kind, double parameter, @Nullable FanMode mode) {

    public Initializer {
        Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(parameter)) {
            throw new IllegalArgumentException(kind.yamlName() + " parameter must be finite but was " + parameter + ".");
        }
        if (mode != null) {
            if (kind != InitKind.NORMAL && kind != InitKind.UNIFORM) {
                throw new IllegalArgumentException("only normal and uniform take a fan mode, but " + kind.yamlName()
                        + " was given " + mode.yamlName() + ".");
            }
            if (parameter <= 0) {
                throw new IllegalArgumentException(kind.yamlName() + " variance_scale must be positive but was "
                        + parameter + ".");
            }
        } else {
            checkParameter(kind, parameter);
        }
    }

    /** The kind and parameter, not variance-scaled. */
    public Initializer(InitKind kind, double parameter) {
        this(kind, parameter, null);
    }

    /** The kind with its default parameter ({@link InitKind#defaultParameter()}). */
    public static Initializer of(InitKind kind) {
        return new Initializer(kind, kind.defaultParameter());
    }

    /** Parses a YAML name to the initializer with its default parameter. */
    public static Optional<Initializer> parse(String name) {
        return InitKind.parse(name).map(Initializer::of);
    }

    public static Initializer zeros() { return of(InitKind.ZEROS); }
    public static Initializer constant(double value) { return new Initializer(InitKind.CONSTANT, value); }
    public static Initializer normal(double std) { return new Initializer(InitKind.NORMAL, std); }
    public static Initializer uniform(double limit) { return new Initializer(InitKind.UNIFORM, limit); }
    public static Initializer glorotStandard() { return of(InitKind.GLOROT_STANDARD); }
    public static Initializer xavierUniform() { return of(InitKind.XAVIER_UNIFORM); }
    public static Initializer xavierNormal() { return of(InitKind.XAVIER_NORMAL); }
    public static Initializer heUniform() { return of(InitKind.HE_UNIFORM); }
    public static Initializer heNormal() { return of(InitKind.HE_NORMAL); }
    public static Initializer lecunUniform() { return of(InitKind.LECUN_UNIFORM); }
    public static Initializer lecunNormal() { return of(InitKind.LECUN_NORMAL); }
    public static Initializer orthogonal() { return of(InitKind.ORTHOGONAL); }
    public static Initializer orthogonal(double gain) { return new Initializer(InitKind.ORTHOGONAL, gain); }
    /** scale * I: a recurrent weight that starts by carrying the state over unchanged (IRNN). */
    public static Initializer identity(double scale) { return new Initializer(InitKind.IDENTITY, scale); }

    /** N(0, scale / fan): variance {@code scale} divided by the fan {@code mode} names; scale above 0. */
    public static Initializer varianceScaledNormal(double scale, FanMode mode) {
        return new Initializer(InitKind.NORMAL, scale, Objects.requireNonNull(mode, "mode"));
    }

    /** U[-sqrt(3 scale / fan), sqrt(3 scale / fan)]: the same variance as {@link #varianceScaledNormal}. */
    public static Initializer varianceScaledUniform(double scale, FanMode mode) {
        return new Initializer(InitKind.UNIFORM, scale, Objects.requireNonNull(mode, "mode"));
    }

    public String yamlName() {
        return kind.yamlName();
    }

    /**
     * For messages: the name, with its parameter when not the default ("orthogonal", "identity(1.25)") and the
     * variance-scaled forms in full ("normal(variance_scale 2, fan_in)").
     */
    public String describe() {
        if (mode != null) return yamlName() + "(variance_scale " + number(parameter) + ", " + mode.yamlName() + ")";
        return parameter == kind.defaultParameter() ? yamlName() : yamlName() + "(" + number(parameter) + ")";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The variance of one element this initializer produces for the given fans (see the class table). */
    public double variance(int fanIn, int fanOut) {
        checkFans(fanIn, fanOut);
        return switch (kind) {
            case ZEROS, CONSTANT -> 0;
            case NORMAL -> mode != null ? parameter / mode.fan(fanIn, fanOut) : parameter * parameter;
            case UNIFORM -> mode != null ? parameter / mode.fan(fanIn, fanOut) : parameter * parameter / 3;
            case GLOROT_STANDARD -> 1.0 / (3.0 * fanIn);
            case XAVIER_UNIFORM, XAVIER_NORMAL -> 2.0 / (fanIn + fanOut);
            case HE_UNIFORM, HE_NORMAL -> 2.0 / fanIn;
            case LECUN_UNIFORM, LECUN_NORMAL -> 1.0 / fanIn;
            case ORTHOGONAL, IDENTITY -> parameter * parameter / Math.max(fanIn, fanOut);
        };
    }

    /**
     * Fills {@code weight} (Modified). Fans are passed explicitly so a bias {@code [1 x out]} can be drawn
     * with its layer's fans; orthogonal uses the tensor's own shape.
     */
    public void initialize(Tensor weight, int fanIn, int fanOut, RandomGenerator rng) {
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(rng, "rng");
        checkFans(fanIn, fanOut);
        int n = weight.size();
        switch (kind) {
            case ZEROS -> weight.fill(0);
            case CONSTANT -> weight.fill(parameter);
            case NORMAL, XAVIER_NORMAL, HE_NORMAL, LECUN_NORMAL -> {
                double std = Math.sqrt(variance(fanIn, fanOut));
                for (int i = 0; i < n; i++) weight.set(i, std * rng.nextGaussian());
            }
            case UNIFORM, GLOROT_STANDARD, XAVIER_UNIFORM, HE_UNIFORM, LECUN_UNIFORM -> {
                double limit = Math.sqrt(3 * variance(fanIn, fanOut));
                for (int i = 0; i < n; i++) weight.set(i, limit * (2 * rng.nextDouble() - 1));
            }
            case ORTHOGONAL -> orthogonal(weight, rng);
            case IDENTITY -> {
                weight.fill(0);
                for (int i = 0; i < Math.min(weight.rows(), weight.cols()); i++) weight.set(i, i, parameter);
            }
        }
    }

    /** QR of a tall Gaussian matrix, Q's columns sign-corrected by diag(R) (so Q is Haar-distributed), scaled. */
    private void orthogonal(Tensor weight, RandomGenerator rng) {
        int rows = weight.rows();
        int cols = weight.cols();
        if (rows == 0 || cols == 0) return;
        int tall = Math.max(rows, cols);
        int wide = Math.min(rows, cols);
        DMatrixRMaj a = new DMatrixRMaj(tall, wide);
        for (int i = 0; i < a.data.length; i++) a.data[i] = rng.nextGaussian();
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(tall, wide);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition failed for a " + tall + "x" + wide + " Gaussian matrix.");
        }
        DMatrixRMaj q = qr.getQ(null, true);  // tall x wide
        DMatrixRMaj r = qr.getR(null, true);  // wide x wide
        for (int j = 0; j < wide; j++) {
            double s = r.get(j, j) < 0 ? -parameter : parameter;
            for (int i = 0; i < tall; i++) {
                double v = s * q.get(i, j);
                if (rows >= cols) weight.set(i, j, v); else weight.set(j, i, v);
            }
        }
    }

    private static void checkParameter(InitKind kind, double parameter) {
        switch (kind) {
            case CONSTANT -> { }
            case NORMAL -> {
                if (parameter < 0) throw new IllegalArgumentException("normal std must be >= 0 but was " + parameter + ".");
            }
            case UNIFORM -> {
                if (parameter < 0) throw new IllegalArgumentException("uniform limit must be >= 0 but was " + parameter + ".");
            }
            case ORTHOGONAL -> {
                if (parameter <= 0) throw new IllegalArgumentException("orthogonal gain must be positive but was " + parameter + ".");
            }
            case IDENTITY -> {
                if (parameter <= 0) throw new IllegalArgumentException("identity scale must be positive but was " + parameter + ".");
            }
            default -> {
                if (parameter != 0) {
                    throw new IllegalArgumentException(kind.yamlName() + " takes no parameter, so it must be 0 but was "
                            + parameter + ".");
                }
            }
        }
    }

    private static void checkFans(int fanIn, int fanOut) {
        if (fanIn <= 0) throw new IllegalArgumentException("fanIn must be positive but was " + fanIn + ".");
        if (fanOut <= 0) throw new IllegalArgumentException("fanOut must be positive but was " + fanOut + ".");
    }
}
