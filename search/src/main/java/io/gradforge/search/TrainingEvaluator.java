package io.gradforge.search;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.GradientHealth;
import io.gradforge.core.health.HealthFlag;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.HealthSnapshot;
import io.gradforge.core.health.RaisedFlag;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.core.train.PretrainingResult;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.run.Experiment;
import io.gradforge.run.PretrainingHealth;
import io.gradforge.run.ProbeBatch;
import io.gradforge.run.SpecCompiler;
import io.gradforge.dsl.spec.FileData;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The evaluator of the product: compiles a candidate with {@link SpecCompiler}, screens it at init, trains it
 * briefly under a {@link HealthProbe} and reports convergence and gradient health.
 *
 * <p>A candidate runs exactly as {@code gradforge train} would run its experiment with {@code training.seed} set
 * to the candidate's seed ({@link #experiment(Candidate, long)}, which is what {@code best.yaml} holds): weights,
 * mini-batch order and generated data all follow from that seed ({@link Experiment}'s convention). Candidates
 * therefore see different draws of a generated data set, which is the price of exact reproducibility.
 *
 * <p>Screening (when {@code budget.screen_at_init}): one forward/backward pass on the first mini-batch;
 * a candidate flagged {@link HealthFlag#VANISHING} or {@link HealthFlag#EXPLODING} whose health score is below
 * {@link #SCREEN_THRESHOLD} is not trained. On vanishing-search.yaml's space, 31-layer sigmoid chains without
 * skips (vanishing) and 31 unscaled relu residual blocks with He init (a gradient norm of 6e6 at init, exploding)
 * score about 0.02 or less and are screened out; a 31-layer plain relu chain with He init is trained
 * ({@code TrainingSearchTest}). Screened candidates score the worst on every objective; their journal line keeps the
 * measured health, flags and the reason.
 *
 * <p>Pretraining (the candidate's {@code training.pretraining}): its steps come out of the candidate's budget, its
 * journal line records them with each layer's reconstruction loss and the health right after pretraining (on the
 * screening batch), and the convergence objective counts them at the constant predictor's loss
 * ({@link #auc(double[], double, long)}). A candidate that pretrains is not screened at init: pretraining replaces
 * the weights the screen would judge.
 *
 * <p>Health objective: the score of the training run's report, from its measurements at init and up to the probed
 * sample a tenth of the way in, 0 when the run diverged (see {@link HealthReport}); 10 probed snapshots per run.
 * The outcome also records the measures behind it ({@link #measures}) for the report's "does health predict
 * convergence here?".
 *
 * @implNote Thread-safe: each call owns its network, probe and data; CSV data is read once and shared read-only.
 */
public final class TrainingEvaluator implements CandidateEvaluator {
    /**
     * Candidates flagged vanishing or exploding at init with a health score below this (an attenuation of more than
     * 3.5 decades either way) are not trained. Chosen on bench/predictive-validity's evidence: on the deep space of
     * vanishing-search.yaml it screens out 31% of the candidates and none of the best-converging 10%; on the
     * quickstart's, 1.4% and none of the best 10%.
     */
    public static final double SCREEN_THRESHOLD = 0.5;
    /** Snapshots a probe takes per run. */
    static final int PROBES_PER_RUN = 10;

    private final SearchSpec search;
    private final @Nullable Path specFile;
    private final Map<DataSpec, Dataset> fileCache = new ConcurrentHashMap<>();

    private TrainingEvaluator(SearchSpec search, @Nullable Path specFile) {
        this.search = Objects.requireNonNull(search, "search");
        this.specFile = specFile;
    }

    /** The evaluator of {@code search}; {@code specFile} resolves relative CSV paths (null: the working directory). */
    public static TrainingEvaluator of(SearchSpec search, @Nullable Path specFile) {
        return new TrainingEvaluator(search, specFile);
    }

    /** The experiment that evaluating {@code candidate} with {@code seed} trains (its training seed set). */
    public static ExperimentSpec experiment(Candidate candidate, long seed) {
        ExperimentSpec e = candidate.experiment();
        return e.withTraining(e.training().withSeed(seed));
    }

    @Override
    public Outcome evaluate(Candidate candidate, long seed, int rung, BooleanSupplier cancelled) throws IOException {
        ExperimentSpec spec = experiment(candidate, seed);
        TrainingSpec t = spec.training();
        long parameters = (long) spec.network().shape().parameters();
        Dataset data = data(t);
        Network network = SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        long steps = steps(t, data, rung);
        Trainer trainer = SpecCompiler.trainer(t).toBuilder().steps(steps).build();
        ProbeBatch batch = screeningBatch(network, trainer, data, seed);
        if (search.budget().screenAtInit() && trainer.pretraining() == null) {
            HealthReport init = GradientHealth.atInit(network, trainer.loss(), batch.x(), batch.y(), trainer.clipping());
            boolean flagged = init.has(HealthFlag.VANISHING) || init.has(HealthFlag.EXPLODING);
            if (!Double.isFinite(init.score()) || flagged && init.score() < SCREEN_THRESHOLD) {
                String why = init.flags().stream().filter(f -> f.flag() == HealthFlag.VANISHING
                        || f.flag() == HealthFlag.EXPLODING).map(RaisedFlag::reason).findFirst().orElse("non-finite");
                return new Outcome(EvaluationStatus.SCREENED_OUT, Double.NaN, -1, 0, init.score(), flags(init),
                        Double.NaN, parameters, String.format("screened out at init: health %.3f < %.2f; %s",
                                init.score(), SCREEN_THRESHOLD, why)).withMeasures(measures(init, null));
            }
        }
        long supervised = trainer.fineTuningSteps(network, data.size());
        HealthProbe probe = probe(network, supervised, trainer);
        PretrainingHealth phases = new PretrainingHealth(trainer.loss(), batch);
        TrainingResult result = trainer.fit(network, data, TrainingProbe.all(phases, probe), cancelled);
        if (result.status() == TrainingStatus.CANCELLED) {
            throw new CancellationException("cancelled after " + result.totalSteps() + " steps");
        }
        PretrainingPhase pretraining = phase(result, phases.afterPretraining());
        HealthReport report = probe.report(result);
        double[] curve = result.lossCurve();
        if (result.diverged()) {
            return new Outcome(EvaluationStatus.DIVERGED, Double.NaN, -1, result.steps(),
                    result.steps() == 0 ? Double.NaN : report.score(), result.steps() == 0 ? List.of() : flags(report),
                    Double.NaN, parameters, "diverged at step " + result.divergedAtStep() + ": " + result.reason(),
                    Outcome.curve(curve), pretraining, measures(report, report), GradientProfile.of(report));
        }
        double baseline = SpecCompiler.loss(t.loss()).baseline(data);
        return new Outcome(EvaluationStatus.TRAINED, auc(curve, baseline, pretraining == null ? 0 : pretraining.steps()),
                result.stepsToTarget(), result.steps(), report.score(), flags(report), result.lastLoss(), parameters,
                result.reason(), Outcome.curve(curve), pretraining, measures(report, report),
                GradientProfile.of(report));
    }

    /**
     * The health measures an outcome records ({@link Outcome#measures()}), at init and, after training, at the
     * probed sample a tenth of the way in ({@link HealthReport#early()}): {@code init_score} and
     * {@code early_score} (the scores from those measurements alone, {@link HealthReport#initScore()} and
     * {@link HealthReport#earlyScore()}), then per
     * sample {@code _attenuation} (decades, first to last dense layer), {@code _saturation} and {@code _dead} (mean
     * fractions, 0 where no layer can saturate or die) and {@code early_update} (log10 of the median update ratio
     * up to the early sample).
     *
     * @param atInit the report whose init snapshot is measured
     * @param run    the training run's report, or null for a candidate that was not trained
     */
    public static Map<String, Double> measures(HealthReport atInit, @Nullable HealthReport run) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("init_score", atInit.initScore());
        HealthSnapshot early = run == null ? null : run.early();
        if (run != null) m.put("early_score", run.earlyScore());
        if (atInit.init() != null) sample(m, "init", atInit.init());
        if (early != null) {
            sample(m, "early", early);
            m.put("early_update", Math.log10(HealthReport.medianUpdateRatio(run.trace(), early.step())));
        }
        return m;
    }

    private static void sample(Map<String, Double> m, String when, HealthSnapshot s) {
        m.put(when + "_attenuation", s.flow().attenuationDecades());
        double sat = s.meanSaturation();
        double dead = s.meanDeadFraction();
        m.put(when + "_saturation", Double.isNaN(sat) ? 0.0 : sat);
        m.put(when + "_dead", Double.isNaN(dead) ? 0.0 : dead);
    }

    /** The pretraining phase of {@code result} for the journal, or null when it did not pretrain. */
    private static @Nullable PretrainingPhase phase(TrainingResult result, @Nullable HealthReport afterPretraining) {
        PretrainingResult p = result.pretraining();
        if (p == null) return null;
        return new PretrainingPhase(p.steps(), Arrays.stream(p.finalLosses()).boxed().toList(),
                afterPretraining == null ? Double.NaN : afterPretraining.score());
    }

    /**
     * {@link #auc(double[], double)} over the whole budget: the {@code pretrainingSteps} before the supervised
     * {@code curve} count as steps at the constant predictor's loss (ratio 1), as the network has not learned the
     * task yet, so pretraining pays for its steps in the convergence objective.
     */
    static double auc(double[] curve, double baseline, long pretrainingSteps) {
        double supervised = auc(curve, baseline);
        return pretrainingSteps == 0 ? supervised
                : (pretrainingSteps + supervised * curve.length) / (pretrainingSteps + curve.length);
    }

    /**
     * The normalized area under the loss curve: {@code mean_t min(loss_t / L, 2)} where {@code L} is the loss of
     * the best constant prediction on the data (see {@link io.gradforge.core.loss.Loss#baseline}), or the first
     * loss when that is 0 or undefined. 1 means the network learned nothing beyond the class frequencies or the
     * target mean, near 0 that it fitted the data at once; a network that starts far above the baseline pays
     * for it instead of looking fast. NaN if undefined.
     */
    public static double auc(double[] curve, double baseline) {
        if (curve.length == 0) return Double.NaN;
        double reference = baseline > 0 && Double.isFinite(baseline) ? baseline : curve[0];
        if (!(reference > 0)) return Double.NaN;
        double sum = 0;
        for (double v : curve) sum += Math.min(v / reference, 2.0);
        return sum / curve.length;
    }

    private static List<String> flags(HealthReport report) {
        return report.flags().stream().map(f -> f.flag().name()).toList();
    }

    /** The data a candidate with training {@code t} trains on: file data read once and shared, generated data drawn. */
    public Dataset data(TrainingSpec t) throws IOException {
        if (t.data() instanceof FileData) { // read once, shared by every candidate
            try {
                return fileCache.computeIfAbsent(t.data(), d -> {
                    try {
                        return SpecCompiler.stored(SpecCompiler.dataset(d, specFile, 0), t.precision());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return SpecCompiler.dataset(t.data(), specFile, Experiment.dataSeed(t.seed()));
    }

    /** The step budget at {@code rung}: the spec's steps (epochs converted) times 2^rung. */
    public static long steps(TrainingSpec t, Dataset data, int rung) {
        TrainingLength length = t.length();
        long base = length.unit() == TrainingLength.Unit.STEPS ? length.count()
                : length.count() * Math.max(1, (long) (data.size() * (1 - t.validationSplit())) / t.batchSize());
        return base << rung;
    }

    /** The probe an evaluation trains {@code network} under: {@link #PROBES_PER_RUN} snapshots over {@code steps}. */
    public static HealthProbe probe(Network network, long steps, Trainer trainer) {
        return GradientHealth.probe(network, steps, (int) Math.max(1, steps / PROBES_PER_RUN), trainer.clipping());
    }

    /**
     * The screening report at init: one forward/backward pass on the first mini-batch of a shuffle seeded with
     * {@code seed} (the evaluation's seed).
     */
    public static HealthReport screen(Network network, Trainer trainer, Dataset data, long seed) {
        ProbeBatch batch = screeningBatch(network, trainer, data, seed);
        return GradientHealth.atInit(network, trainer.loss(), batch.x(), batch.y(), trainer.clipping());
    }

    /** The first mini-batch of the candidate's seeded shuffle: the screen at init and the health after pretraining. */
    public static ProbeBatch screeningBatch(Network network, Trainer trainer, Dataset data, long seed) {
        int batch = Math.min(trainer.batchSize(), data.size());
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        var rng = Network.random(seed);
        for (int i = rows.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = rows[i];
            rows[i] = rows[j];
            rows[j] = tmp;
        }
        Tensor x = Tensor.zeros(network.precision(), batch, data.inputSize());
        Tensor y = Tensor.zeros(network.precision(), batch, data.outputSize());
        data.copyRows(rows, 0, batch, x, y);
        return new ProbeBatch(x, y);
    }
}
