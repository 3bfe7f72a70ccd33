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
 * <p><b>Score</b> in [0, 1], 1 = healthy, for a search to maximize; never NaN. It is made of the measurements at
 * init and up to the probed sample a tenth of the way into training ({@link #early()}) only, as
 * {@code min(init flow, early flow) x updates}, each factor 1 inside a healthy band and falling as
 * {@code 1 / (1 + k^2)} with the distance k outside it (x+ = max(0, x)):
 * <table>
 *   <caption>score factors</caption>
 *   <tr><th>factor</th><th>formula</th><th>examples</th></tr>
 *   <tr><td>flow at init</td><td>{@code 1 / (1 + (|decades| - 2.5)+^2)}, decades =
 *       {@link GradientFlow#attenuationDecades()} at step 0</td><td>1 up to 2.5 decades either way, 0.5 at 3.5,
 *       0.2 at 4.5</td></tr>
 *   <tr><td>flow early</td><td>{@code 1 / (1 + decades+^2)} at the early sample: only attenuation (vanishing)
 *       counts</td><td>1 when the first layer's delta is at least the last one's, 0.5 at 1 decade smaller</td></tr>
 *   <tr><td>updates (after training)</td><td>{@code 1 / (1 + ((|log10(u / 1e-3)| - 1)+ / 2)^2)}, u the median
 *       positive update ratio over dense layers and snapshots up to the early sample</td><td>1 for u in
 *       [1e-4, 1e-2], 0.5 at 1e-6 or 10</td></tr>
 *   <tr><td>through time (recurrent layers only, a multiplier)</td><td>{@code 1 / (1 + (|decades| - 1)+^2)} per
 *       recurrent layer whose loss enters at its last step, decades its judged attenuation over the sequence
 *       ({@link JudgedThroughTime}: at init for a report at init, else the median over the run's last quarter,
 *       because gated cells open their path through time as they train)</td>
 *       <td>as the attenuation factor; absent (1) in a network without recurrent layers</td></tr>
 * </table>
 * A report at init has the first factor only. A single dense layer has no flow factors. A diverged run scores 0,
 * and so does any non-finite flow. Saturation, dead units and the last samples do not count: measured on three
 * search spaces (bench/README.md, "Predictive validity"; docs/health-score.md) they did not predict convergence,
 * or predicted it backwards, while these factors did (Spearman -0.78 against the convergence AUC on the deep
 * space of specs/vanishing-search.yaml, -0.47 on the quickstart's). The flags still report all of them.
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

    /**
     * The probed snapshot about a tenth of the way through training (nearest step {@code max(1, last / 10)}), which
     * the flags and the score judge gradient flow on; null for a report at init or a run with no sample after step 0.
     */
    public @Nullable HealthSnapshot early() {
        return HealthRules.early(trace);
    }

    /**
     * The score of the init snapshot alone (the flow factor at init): what screening at init judges, and the
     * {@link #score()} of a report at init. 0 for a report without an init snapshot.
     */
    public double initScore() {
        return init == null ? 0.0 : HealthRules.initFlowScore(init);
    }

    /**
     * The score from the measurements up to the {@link #early()} sample only (init when there is none): what a run
     * cut a tenth of the way in would score: 0 when it diverged by then, and for a report without an init snapshot.
     */
    public double earlyScore() {
        return init == null ? 0.0 : HealthRules.earlyScore(init, trace, convergence);
    }

    /**
     * The median positive update ratio {@code ||step W|| / ||W||} over the dense layers of {@code trace}'s snapshots
     * up to step {@code upToStep}; NaN when none was positive.
     */
    public static double medianUpdateRatio(HealthTrace trace, long upToStep) {
        return HealthRules.medianUpdate(Objects.requireNonNull(trace, "trace"), upToStep);
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

    /**
     * The attenuation through time judged for each recurrent layer whose loss enters at its last step (empty for a
     * network without one); see {@link JudgedThroughTime}.
     */
    public List<JudgedThroughTime> throughTime() {
        return init == null ? List.of() : ThroughTime.judged(init, trace);
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
