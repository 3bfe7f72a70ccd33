package io.gradforge.core.health;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The gradient health of one network: at init ({@link GradientHealth#atInit}) or over a training run
 * ({@link HealthProbe#report}).
 *
 * <p><b>Score</b> in [0, 1], 1 = healthy, for a search to maximize; never NaN. It is the product of smooth
 * factors, each 1 when healthy and halving at the stated distance:
 * <ul>
 *   <li>gradient flow: {@code 1 / (1 + (decades / 2)^2) / (1 + (log10(r) / 0.5)^2)} with decades the
 *       first/last attenuation {@link GradientFlow#attenuationDecades()} and r the geometric-mean squared ratio
 *       (1 for a single dense layer);</li>
 *   <li>saturation: {@code 1 - mean saturation fraction} over sigmoid/tanh layers (1 without any);</li>
 *   <li>dead units: {@code 1 - mean dead fraction} over relu layers (1 without any);</li>
 *   <li>after training only: updates, {@code 1 / (1 + (log10(median update ratio / 1e-3) / 3)^2)}.</li>
 * </ul>
 * The first three are taken at init and, after training, at the last snapshot; the lower counts. A diverged
 * run scores 0, and so does any non-finite input (a NaN or infinite norm or ratio).
 *
 * @param init        the snapshot at init (step 0); null only when a run diverged before its first probed step
 * @param trace       the training snapshots, or null for a report at init
 * @param meanField   the mean-field prediction beside the measured ratios at init (null when {@code init} is)
 * @param flags       raised flags with reasons, in {@link HealthFlag} order
 * @param score       see above
 * @param convergence the run's convergence, or null for a report at init
 */
public record HealthReport(@Nullable HealthSnapshot init, @Nullable HealthTrace trace,
                           @Nullable MeanFieldComparison meanField, List<RaisedFlag> flags, double score,
                           @Nullable ConvergenceStats convergence) {

    public HealthReport {
        flags = List.copyOf(flags);
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("health score must be in [0, 1] but was " + score + ".");
        }
        if (init == null && (convergence == null || !convergence.diverged())) {
            throw new IllegalArgumentException("a report without an init snapshot must be of a diverged run.");
        }
    }

    /** A report whose flags and score are computed from the measurements. */
    public static HealthReport of(@Nullable HealthSnapshot init, @Nullable HealthTrace trace,
                                  @Nullable MeanFieldComparison meanField, @Nullable ConvergenceStats convergence) {
        List<RaisedFlag> flags;
        double score;
        if (init == null) {
            Objects.requireNonNull(convergence, "convergence");
            flags = List.of(RaisedFlag.of(HealthFlag.DIVERGED, "the run diverged after " + convergence.steps()
                    + " steps, before the first probed step"));
            score = 0.0;
        } else {
            flags = HealthRules.flags(init, trace, convergence);
            score = HealthRules.score(init, trace, convergence);
        }
        return new HealthReport(init, trace, meanField, flags, score, convergence);
    }

    /** The per-layer stats at init (empty when {@code init} is null). */
    public List<LayerStats> initLayers() {
        return init == null ? List.of() : init.layers();
    }

    /** The per-layer stats at the last snapshot of training, or at init for a report at init. */
    public List<LayerStats> finalLayers() {
        return trace != null ? trace.last().layers() : initLayers();
    }

    /** The gradient flow at init, or null. */
    public @Nullable GradientFlow flow() {
        return init == null ? null : init.flow();
    }

    /** The squared delta ratios r_l at init (empty without an init snapshot). */
    public List<Double> ratios() {
        return init == null ? List.of() : init.flow().ratios();
    }

    /** The geometric mean of the ratios at init (NaN without). */
    public double geometricMean() {
        return init == null ? Double.NaN : init.flow().geometricMean();
    }

    /** The first/last attenuation at init in decades (NaN without). */
    public double attenuationDecades() {
        return init == null ? Double.NaN : init.flow().attenuationDecades();
    }

    /** The mean-field predicted geometric mean of the ratios (NaN when not applicable). */
    public double predictedGeometricMean() {
        return meanField == null ? Double.NaN : meanField.predictedGeometricMean();
    }

    /** Whether {@code flag} was raised. */
    public boolean has(HealthFlag flag) {
        return flags.stream().anyMatch(f -> f.flag() == flag);
    }

    /** The raised flags. */
    public Set<HealthFlag> flagSet() {
        Set<HealthFlag> s = EnumSet.noneOf(HealthFlag.class);
        flags.forEach(f -> s.add(f.flag()));
        return s;
    }

    /** Whether no flag was raised. */
    public boolean healthy() {
        return flags.isEmpty();
    }

    /** Plain-words diagnosis, one sentence per flag with remedies; see {@link Diagnosis#verdict}. */
    public List<String> verdict() {
        return Diagnosis.verdict(this);
    }

    /** A fixed-width per-layer table for the CLI; see {@link Diagnosis#table}. */
    public String toTable() {
        return Diagnosis.table(this);
    }
}
