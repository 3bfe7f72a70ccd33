package io.gradforge.bench;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.GradientFlow;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.HealthSnapshot;
import io.gradforge.core.health.LayerStats;
import io.gradforge.core.health.RaisedFlag;
import io.gradforge.core.health.ZeroCostProxies;
import io.gradforge.core.nn.Network;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.ProbeBatch;
import io.gradforge.run.SpecCompiler;
import io.gradforge.search.Candidate;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import io.gradforge.search.Search;
import io.gradforge.search.SearchTable;
import io.gradforge.search.TrainingEvaluator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The tabulation extended for predictive validity: every distinct candidate of a table (or of a finite search
 * spec, or a seeded sample of either) trained once more exactly as {@link TrainingEvaluator} trains it (same seed,
 * same data, same probe) but never screened out, with every gradient-health measure at init and at the probe's
 * sample a tenth of the way in, the zero-cost proxies at init, and the final convergence. One CSV row per
 * (candidate, seed); {@code bench/scripts/predictive_validity.py} computes the correlations and screening curves.
 *
 * <p>The first seed of a candidate is the table's ({@link Candidate#seed} of the spec's run seed), so a row's
 * {@code auc} equals the table's for every candidate the table trained: the program counts the rows that do not
 * and says so (a table made by other code, or an engine change since). Further seeds ({@code --seeds K}) use run
 * seeds {@code seed + 1 .. seed + K - 1}.
 *
 * <p>Measures (NaN written as an empty cell): at init, on the screening batch ({@link TrainingEvaluator#screen}),
 * and early, on the probed snapshot nearest a tenth of the steps: attenuation in decades, log10 of the per-layer
 * squared ratio, mean saturation, mean dead fraction, log10 of the global gradient norm, the flags; early also the
 * log10 median update ratio of the dense layers, the mean relative weight change since init and the loss of the
 * first tenth of the steps relative to the constant predictor's ({@code early_auc}: the convergence objective's
 * formula on that stretch, a reference, not a health measure). Scores: {@code init_score} (the report at init,
 * what screening judges), {@code early_score} (the report of the run cut at the early sample:
 * {@link HealthReport#earlyScore}) and {@code score} (the whole run's, what the search maximizes).
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.gradforge.bench.HealthMeasurements \
 *     bench/search-quality/tables/deep-search --out /tmp/deep.csv [--sample N] [--seeds K] [--threads T]
 * java ... io.gradforge.bench.HealthMeasurements specs/vanishing-search.yaml --seeds 3 --out /tmp/vanishing.csv
 * java ... io.gradforge.bench.HealthMeasurements bench/search-quality/tables/deep-search --out /tmp/deep.csv \
 *     --table-out /tmp/tables/deep-search     # also the table as this engine and score would have made it
 * }
 */
public final class HealthMeasurements {
    private HealthMeasurements() {}

    static final List<String> MEASURES = List.of("decades", "ratio", "saturation", "dead", "grad_norm");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) usage("give a table directory or a search spec");
        Path source = Path.of(args[0]);
        Path out = null;
        Path tableOut = null;
        int sample = 0;
        int seeds = 1;
        int threads = 1;
        long sampleSeed = 1;
        for (int i = 1; i < args.length; i++) {
            if (i + 1 >= args.length) usage("option " + args[i] + " needs a value");
            String value = args[++i];
            switch (args[i - 1]) {
                case "--out" -> out = Path.of(value);
                case "--sample" -> sample = positive(args[i - 1], value);
                case "--seeds" -> seeds = positive(args[i - 1], value);
                case "--threads" -> threads = positive(args[i - 1], value);
                case "--sample-seed" -> sampleSeed = Long.parseLong(value);
                case "--table-out" -> tableOut = Path.of(value);
                default -> usage("unknown option " + args[i - 1]);
            }
        }
        if (out == null) usage("give --out FILE.csv");
        if (tableOut != null && (sample > 0 || seeds > 1 || !Files.isDirectory(source))) {
            usage("--table-out rewrites a whole table: give a table directory, no --sample and one seed");
        }
        List<Job> jobs = jobs(source, sample, sampleSeed, seeds);
        SearchSpec spec = jobs.getFirst().spec;
        Path specFile = jobs.getFirst().specFile;
        TrainingEvaluator evaluator = TrainingEvaluator.of(spec, specFile);
        System.err.printf(Locale.ROOT, "%s: %d evaluations on %d thread(s)%n", spec.name(), jobs.size(), threads);
        long cpu0 = processCpu();
        long wall0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        List<Measured> lines = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Measured>> rows = new ArrayList<>();
            for (Job j : jobs) {
                rows.add(pool.submit(() -> {
                    Measured m = measure(evaluator, j);
                    int n = done.incrementAndGet();
                    if (n % 200 == 0) System.err.printf(Locale.ROOT, "  %d/%d%n", n, jobs.size());
                    return m;
                }));
            }
            for (Future<Measured> f : rows) lines.add(f.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("an evaluation failed: " + e.getCause(), e.getCause());
        }
        int mismatched = 0;
        int compared = 0;
        int divergedNow = 0;
        double maxDifference = 0.0;
        for (int k = 0; k < jobs.size(); k++) {
            Job j = jobs.get(k);
            if (j.table == null || j.table.status() != EvaluationStatus.TRAINED || j.seedIndex != 0) continue;
            compared++;
            double auc = lines.get(k).auc;
            if (Double.isNaN(auc)) {
                divergedNow++;
                continue;
            }
            double d = Math.abs(auc - j.table.auc());
            if (d > 1e-9) mismatched++;
            maxDifference = Math.max(maxDifference, d);
        }
        StringBuilder text = new StringBuilder(String.join(",", header())).append('\n');
        lines.forEach(l -> text.append(l.line).append('\n'));
        OutputFiles.write(out, text.toString());
        System.err.printf(Locale.ROOT, "%s: %d rows -> %s; %.0f s of CPU, %.0f s wall%n", spec.name(), jobs.size(),
                out, (processCpu() - cpu0) / 1e9, (System.nanoTime() - wall0) / 1e9);
        if (tableOut != null) {
            StringBuilder table = new StringBuilder(String.join(",", TABLE_HEADER)).append('\n');
            lines.forEach(l -> table.append(l.tableRow).append('\n'));
            Files.createDirectories(tableOut);
            OutputFiles.write(tableOut.resolve("search.yaml"), Files.readString(source.resolve("search.yaml")));
            OutputFiles.write(tableOut.resolve(SearchTable.FILE), table.toString());
            System.err.println("the table with this engine's outcomes and health scores -> " + tableOut);
        }
        if (compared > 0) {
            System.err.printf(Locale.ROOT, "of %d candidates the table trained, %d have its AUC to 1e-9, %d another "
                    + "(largest difference %.3g), %d diverge now (the engine changed since the table was made)%n",
                    compared, compared - mismatched - divergedNow, mismatched, maxDifference, divergedNow);
        }
    }

    /** One evaluation to run: a candidate, its gene labels, its seed and the table's outcome (when known). */
    private record Job(SearchSpec spec, @Nullable Path specFile, List<String> genes, Candidate candidate, long seed,
                       int seedIndex, @Nullable Outcome table) {}

    private static List<Job> jobs(Path source, int sample, long sampleSeed, int seeds) throws IOException {
        SearchSpec spec;
        Path specFile;
        List<SearchTable.Cell> cells = new ArrayList<>();
        List<@Nullable Outcome> outcomes = new ArrayList<>();
        if (Files.isDirectory(source)) {
            SearchTable table = SearchTable.read(source);
            spec = table.spec();
            specFile = source.resolve("search.yaml");
            for (SearchTable.Row r : table.rows()) {
                cells.add(new SearchTable.Cell(r.genes(), r.candidate()));
                outcomes.add(r.outcome());
            }
        } else {
            specFile = source;
            spec = SearchTable.tableSpec(Search.withAbsoluteData(SpecReader.readSearch(source), source), 3);
            cells.addAll(SearchTable.enumerate(spec));
            cells.forEach(c -> outcomes.add(null));
        }
        // Distinct candidates only (combinations that decode to the same network are one candidate).
        List<Integer> distinct = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            if (seen.add(cells.get(i).candidate().canonical())) distinct.add(i);
        }
        if (sample > 0 && sample < distinct.size()) {
            SplittableRandom rng = new SplittableRandom(sampleSeed);
            for (int i = distinct.size() - 1; i > 0; i--) { // Fisher-Yates, then the first `sample`, in table order
                int j = rng.nextInt(i + 1);
                Integer t = distinct.get(i);
                distinct.set(i, distinct.get(j));
                distinct.set(j, t);
            }
            distinct = new ArrayList<>(distinct.subList(0, sample));
            distinct.sort(null);
        }
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            for (int i : distinct) {
                SearchTable.Cell c = cells.get(i);
                long seed = Candidate.seed(spec.seed() + s, c.candidate().canonical());
                jobs.add(new Job(spec, specFile, c.genes(), c.candidate(), seed, s, outcomes.get(i)));
            }
        }
        return jobs;
    }

    /**
     * One evaluation's CSV line, its AUC (NaN when it diverged) and its row of a table as a search with screening
     * at init would have recorded it with this engine ({@code --table-out}).
     */
    private record Measured(String line, double auc, String tableRow) {}

    /** The columns of {@link SearchTable#FILE}. */
    private static final List<String> TABLE_HEADER = List.of("depth", "width", "activation", "init", "skip",
            "normalization", "clipping", "learning_rate", "candidate", "status", "auc", "health", "steps_to_target",
            "steps", "final_loss", "parameters", "flags", "reason");

    private static List<String> header() {
        List<String> h = new ArrayList<>(SearchTable.GENES);
        h.addAll(List.of("candidate", "seed_index", "status", "steps", "auc", "final_loss", "table_status",
                "table_health", "score", "init_score", "early_score", "early_step"));
        for (String when : List.of("screen", "init", "early")) {
            for (String m : MEASURES) h.add(when + "_" + m);
            h.add(when + "_flags");
        }
        h.addAll(List.of("early_update", "early_weight_change", "early_auc", "zc_grad_norm", "zc_snip",
                "zc_log_synflow", "zc_naswot", "zc_jacob_cov"));
        return h;
    }

    /** Trains one candidate as the evaluator does (without screening) and returns its CSV line. */
    private static Measured measure(TrainingEvaluator evaluator, Job j) throws IOException {
        ExperimentSpec spec = TrainingEvaluator.experiment(j.candidate, j.seed);
        TrainingSpec t = spec.training();
        Dataset data = evaluator.data(t);
        Network network = SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        long steps = TrainingEvaluator.steps(t, data, 0);
        Trainer trainer = SpecCompiler.trainer(t).toBuilder().steps(steps).build();
        ProbeBatch batch = TrainingEvaluator.screeningBatch(network, trainer, data, j.seed);
        HealthReport init = TrainingEvaluator.screen(network, trainer, data, j.seed);
        ZeroCostProxies zc = ZeroCostProxies.measure(network, trainer.loss(), batch.x(), batch.y());
        long supervised = trainer.fineTuningSteps(network, data.size());
        HealthProbe probe = TrainingEvaluator.probe(network, supervised, trainer);
        TrainingResult result = trainer.fit(network, data, probe, () -> false);
        HealthReport report = probe.report(result);
        double[] curve = result.lossCurve();
        double baseline = SpecCompiler.loss(t.loss()).baseline(data);
        boolean diverged = result.diverged();
        HealthSnapshot early = report.early();
        double auc = diverged ? Double.NaN : TrainingEvaluator.auc(curve, baseline);
        List<String> row = new ArrayList<>(j.genes);
        row.add(j.candidate.id());
        row.add(Integer.toString(j.seedIndex));
        row.add(diverged ? "DIVERGED" : "TRAINED");
        row.add(Long.toString(result.steps()));
        row.add(num(auc));
        row.add(diverged ? "" : num(result.lastLoss()));
        row.add(j.table == null ? "" : j.table.status().name());
        row.add(j.table == null ? "" : num(j.table.health()));
        row.add(num(report.score()));
        row.add(num(init.score()));
        row.add(num(report.earlyScore()));
        row.add(early == null ? "" : Long.toString(early.step()));
        measures(row, init.init(), init);
        measures(row, report.init(), null);
        measures(row, early, null);
        if (early != null && !diverged) {
            row.add(num(HealthReport.medianUpdateRatio(report.trace(), early.step())));
            row.add(num(meanChange(early)));
            int n = (int) Math.max(1, Math.min(curve.length, (early.step() + 1)));
            row.add(num(TrainingEvaluator.auc(Arrays.copyOf(curve, n), baseline)));
        } else {
            row.addAll(List.of("", "", ""));
        }
        row.add(num(zc.gradNorm()));
        row.add(num(zc.snip()));
        row.add(num(zc.logSynflow()));
        row.add(num(zc.naswot()));
        row.add(num(zc.jacobCov()));
        return new Measured(row.stream().map(HealthMeasurements::quote).collect(Collectors.joining(",")), auc,
                tableRow(j, init, report, result, auc, (long) spec.network().shape().parameters()));
    }

    /** The row {@link TrainingEvaluator} would have given the table: screened out when its screen says so. */
    private static String tableRow(Job j, HealthReport init, HealthReport report, TrainingResult result, double auc,
                                   long parameters) {
        List<String> row = new ArrayList<>(j.genes);
        row.add(j.candidate.id());
        boolean flagged = init.has(io.gradforge.core.health.HealthFlag.VANISHING)
                || init.has(io.gradforge.core.health.HealthFlag.EXPLODING);
        List<String> flags;
        if (j.spec.budget().screenAtInit() && flagged && init.score() < TrainingEvaluator.SCREEN_THRESHOLD) {
            flags = init.flags().stream().map(f -> f.flag().name()).toList();
            row.addAll(List.of("SCREENED_OUT", "", num(init.score()), "-1", "0", "", Long.toString(parameters),
                    String.join(";", flags), String.format(Locale.ROOT, "screened out at init: health %.3f < %.2f",
                            init.score(), TrainingEvaluator.SCREEN_THRESHOLD)));
        } else {
            flags = report.flags().stream().map(f -> f.flag().name()).toList();
            boolean diverged = result.diverged();
            row.addAll(List.of(diverged ? "DIVERGED" : "TRAINED", num(auc), num(report.score()),
                    Long.toString(diverged ? -1 : result.stepsToTarget()), Long.toString(result.steps()),
                    diverged ? "" : num(result.lastLoss()), Long.toString(parameters), String.join(";", flags),
                    result.reason().replace('\n', ' ').replace('\r', ' ')));
        }
        return row.stream().map(HealthMeasurements::quote).collect(Collectors.joining(","));
    }

    private static void measures(List<String> row, @Nullable HealthSnapshot s, @Nullable HealthReport flagsOf) {
        if (s == null) {
            for (int i = 0; i <= MEASURES.size(); i++) row.add("");
            return;
        }
        GradientFlow f = s.flow();
        row.add(num(f.attenuationDecades()));
        row.add(num(s.perLayerRatio()));
        row.add(num(s.meanSaturation()));
        row.add(num(s.meanDeadFraction()));
        row.add(num(s.gradientNorm()));
        row.add(flagsOf == null ? "" : flagsOf.flags().stream().map(RaisedFlag::flag).map(Enum::name)
                .collect(Collectors.joining(";")));
    }

    private static double meanChange(HealthSnapshot s) {
        return s.denseLayers().stream().mapToDouble(LayerStats::relativeChangeSinceInit).filter(Double::isFinite)
                .average().orElse(Double.NaN);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        usage(option + " takes a positive integer but was '" + value + "'");
        return 0;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void usage(String problem) {
        System.err.println("HealthMeasurements: " + problem + "\nusage: HealthMeasurements TABLE_DIR|SEARCH.yaml "
                + "--out FILE.csv [--sample N] [--sample-seed S] [--seeds K] [--threads T] [--table-out DIR]");
        System.exit(2);
    }
}
