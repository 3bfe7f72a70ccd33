package io.gradforge.cli;

import io.gradforge.cli.report.DiagnosisReport;
import io.gradforge.core.health.Diagnosis;
import io.gradforge.core.health.HealthFlag;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.JudgedThroughTime;
import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.MeanFieldComparison;
import io.gradforge.core.health.ZeroCostProxies;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.run.DiagnosisRun;
import io.gradforge.run.Diagnostics;
import io.gradforge.run.Experiment;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Explain an experiment's gradient health, layer by layer, at initialization and during training.",
                "Shows a per-layer table (gradient and delta norms, activation statistics, saturation, dead units, "
                + "update ratios), the delta ratio per layer beside the mean-field prediction, zero-cost proxies, each "
                + "layer's and the input-output Jacobian spectrum over probe rows, for recurrent layers the gradient "
                + "through time (by distance from the last step, decay per step, gate saturation), and a verdict in "
                + "plain words with the remedies each flag calls for."})
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write checkpoint.json (initial weights, or those of --init-from) and probe.json (probe batch, "
                    + "output, loss and every parameter's gradient at them) so another framework can reproduce the numbers.")
    @Nullable Path export;

    @Option(names = "--init-from", paramLabel = "CHECKPOINT",
            description = "Diagnose the weights of a checkpoint.json saved by train --out from the same network (the"
                    + " first table is then at the checkpoint) instead of the spec's initialization.")
    @Nullable Path initFrom;

    @Option(names = "--probe-rows", paramLabel = "N",
            description = "Rows of the probe batch measured at initialization (default: the spec's batch size). A "
                    + "unit counts as dead when it is off for every row, so the dead fractions depend on it.")
    int probeRows;

    @Option(names = "--jacobian-rows", paramLabel = "N",
            description = "Probe rows whose Jacobians are measured, per layer and input to output, with batch norm "
                    + "using the probe batch's statistics (default: " + JacobianSpectra.DEFAULT_ROWS + ", or the probe "
                    + "batch if smaller). Each costs one SVD per layer.")
    int jacobianRows;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML page: the gradient flow by layer beside the mean-field "
                    + "prediction, layers x steps heatmaps of gradient norms, saturation and dead units, the "
                    + "Jacobian spectra by layer and input to output, and the gradient through time of recurrent "
                    + "layers.")
    @Nullable Path report;

    @Option(names = "--layers", paramLabel = "FROM:TO",
            description = "Also give the per-layer gradient ratio's geometric mean, measured and mean-field, over the "
                    + "trunk's dense layers FROM to TO (1 = first; '5:' to the last), e.g. to leave out the first "
                    + "layers' transient or the output layer.")
    @Nullable String layers;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Diagnose N initializations (seeds S, S+1, ... from the spec's or --seed; each also draws its "
                    + "own probe rows and batch order) and report the mean and standard deviation of every number.")
    int seeds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = command.commandLine().getOut();
        if (export != null) Failures.checkOutput(export, "--export"); // before the work, not after it
        if (probeRows < 0) throw Failures.badInput("--probe-rows must be positive but was " + probeRows);
        if (jacobianRows < 0) throw Failures.badInput("--jacobian-rows must be positive but was " + jacobianRows);
        int[] range = layers == null ? null : layerRange(layers);
        if (seeds < 1 || seeds > MAX_SEEDS) {
            throw Failures.badInput("--seeds must be in [1, " + MAX_SEEDS + "] but was " + seeds);
        }
        if (report != null) {
            if (Files.isDirectory(report)) {
                throw Failures.badInput("--report " + report + ": is a directory; give a file name such as "
                        + "diagnosis.html");
            }
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) Failures.checkOutput(parent, "--report");
            if (seeds > 1) {
                throw Failures.badInput("--report draws one initialization; it cannot go with --seeds " + seeds);
            }
        }
        if (seeds > 1 && range != null) {
            throw Failures.badInput("--layers reads one initialization; it cannot go with --seeds " + seeds
                    + " (whose JSON holds every run's ratios)");
        }
        if (seeds > 1 && (export != null || initFrom != null)) {
            throw Failures.badInput((export != null ? "--export writes" : "--init-from diagnoses")
                    + " one set of weights; it cannot go with --seeds " + seeds);
        }
        LoadedCheckpoint start = initFrom == null ? null : TrainCommand.start(initFrom);
        SpecOptions.Prepared prepared = specOptions.prepare("diagnose", o, common);
        if (start != null) TrainCommand.checkStart(prepared.spec(), start, initFrom);
        if (probeRows > prepared.data().size()) {
            throw Failures.badInput("--probe-rows " + probeRows + " is more than the " + prepared.data().size()
                    + " rows of " + prepared.data().name());
        }
        int probeBatch = probeRows > 0 ? probeRows : prepared.spec().training().batchSize();
        if (jacobianRows > probeBatch) {
            throw Failures.badInput("--jacobian-rows " + jacobianRows + " is more than the " + probeBatch + " rows of "
                    + "the probe batch (" + (probeRows > 0 ? "--probe-rows" : "the spec's batch_size") + ")");
        }
        Diagnostics.Options options = new Diagnostics.Options(specOptions.steps, probeRows, jacobianRows, export);
        if (seeds > 1) return diagnoseSeeds(o, prepared, options);
        DiagnosisRun run = prepared.withProgress("diagnose", common, (progress, cancelled) ->
                Diagnostics.diagnoseOn(prepared.spec(), prepared.data(), options,
                        start == null ? null : start.network(), progress, cancelled));
        if (report != null) DiagnosisReport.write(run, report);
        if (common.json) {
            Map<String, Object> m = json(run);
            if (report != null) m.put("report", report.toString());
            if (range != null) m.put("layers", rangeJson(run.atInit(), range));
            Json.print(o, m);
        } else {
            print(o, run, prepared.plannedSteps());
            if (range != null) o.println(rangeLine(run.atInit(), range));
            if (report != null) o.println("report      " + report);
            o.flush();
        }
        return 0;
    }

    /** The most initializations one --seeds run diagnoses. */
    static final int MAX_SEEDS = 1000;

    /**
     * Diagnoses {@link #seeds} initializations on the prepared data, then prints every number's mean and standard
     * deviation (text), or the aggregate and each run (JSON). Ctrl-C stops after the current one, which is then left
     * out.
     */
    private int diagnoseSeeds(PrintWriter o, SpecOptions.Prepared prepared, Diagnostics.Options options)
            throws IOException {
        ExperimentSpec base = prepared.spec();
        long first = base.training().seed();
        List<DiagnosisRun> runs = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            ExperimentSpec spec = base.withTraining(base.training().withSeed(first + k));
            DiagnosisRun run = prepared.withProgress("diagnose seed " + (first + k), common, (progress, cancelled) ->
                    Diagnostics.diagnoseOn(spec, prepared.data(), options, null, progress, cancelled));
            if (run.training() != null && run.training().status() == TrainingStatus.CANCELLED) break;
            runs.add(run);
        }
        if (runs.isEmpty()) throw Failures.runFailed("interrupted before the first initialization was diagnosed");
        List<Map<String, Object>> each = runs.stream().map(DiagnoseCommand::json).toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) Aggregate.of(each);
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", base.name());
            m.put("seeds", runs.stream().map(r -> r.spec().training().seed()).toList());
            m.put("summary", summary);
            m.put("runs", each);
            Json.print(o, m);
        } else {
            printSeeds(o, runs, summary);
        }
        return runs.size() == seeds ? 0 : 130;
    }

    @SuppressWarnings("unchecked")
    private static void printSeeds(PrintWriter o, List<DiagnosisRun> runs, Map<String, Object> summary) {
        long first = runs.getFirst().spec().training().seed();
        o.println();
        o.printf("OVER %d INITIALIZATIONS (seeds %d..%d, probe batches of %d rows): mean ± standard deviation%n",
                runs.size(), first, first + runs.size() - 1, runs.getFirst().probeBatchSize());
        Map<String, Object> init = (Map<String, Object>) summary.get("at_init");
        String format = "%-4s %-14s %-10s %6s %22s %22s %22s %16s %16s%n";
        o.printf(format, "#", "layer", "act", "width", "|dW|", "|delta|", "std", "sat", "dead");
        if (init.get("layers_at_init") instanceof List<?> layers) {
            for (Object l : layers) {
                Map<String, Object> row = (Map<String, Object>) l;
                o.printf(format, Aggregate.text(row.get("index")), row.get("name"), row.get("activation"),
                        Aggregate.text(row.get("width")), Aggregate.text(row.get("weight_grad_norm")),
                        Aggregate.text(row.get("delta_norm")), Aggregate.text(row.get("activation_std")),
                        Aggregate.percent(row.get("saturation")), Aggregate.percent(row.get("dead")));
            }
        }
        o.println("gradient flow at init: squared delta norm ratio per layer " + Aggregate.text(init.get(
                "geometric_mean_ratio")) + " (mean-field theory " + Aggregate.text(init.get(
                "predicted_geometric_mean_ratio")) + "); " + Aggregate.text(init.get("attenuation_decades"))
                + " decades from the last layer to the first");
        Map<String, Object> proxies = (Map<String, Object>) summary.get("zero_cost_proxies");
        List<String> p = new ArrayList<>();
        proxies.forEach((k, v) -> p.add(k + " " + Aggregate.text(v)));
        o.println("zero-cost proxies: " + String.join(", ", p));
        DescribeJacobians.printSeeds(o, summary);
        o.println("health score at init " + Aggregate.text(init.get("score")) + "; " + flagCounts(runs, true));
        if (summary.get("training") instanceof Map<?, ?> training) {
            Map<String, Object> after = (Map<String, Object>) summary.get("after_training");
            o.println("after training: final loss " + Aggregate.text(training.get("final_train_loss"))
                    + ", accuracy " + Aggregate.text(training.get("train_accuracy")) + ", health score "
                    + Aggregate.text(after.get("score")) + "; " + flagCounts(runs, false));
        }
        o.flush();
    }

    /** "flags: DEAD_UNITS on 2 of 5" or "no flag on any". */
    private static String flagCounts(List<DiagnosisRun> runs, boolean atInit) {
        Map<HealthFlag, Integer> counts = new EnumMap<>(HealthFlag.class);
        for (DiagnosisRun r : runs) {
            HealthReport report = atInit ? r.atInit() : r.afterTraining();
            if (report != null) report.flagSet().forEach(f -> counts.merge(f, 1, Integer::sum));
        }
        if (counts.isEmpty()) return "no flag raised on any";
        List<String> parts = new ArrayList<>();
        counts.forEach((f, n) -> parts.add(f + " on " + n + " of " + runs.size()));
        return "flags: " + String.join(", ", parts);
    }

    private void print(PrintWriter o, DiagnosisRun run, long plannedSteps) {
        HealthReport init = run.atInit();
        o.println();
        o.println((initFrom == null ? "AT INITIALIZATION" : "AT THE CHECKPOINT " + initFrom)
                + " (one forward and backward pass on a probe batch of " + run.probeBatchSize() + " rows)");
        o.print(init.toTable());
        if (init.init() != null) Diagnosis.throughTime(init.init()).forEach(o::println);
        o.println(flow(init));
        String trunkTable = Describe.trunkTable(init.meanField());
        if (trunkTable != null) o.print(trunkTable);
        String trunk = Describe.trunkLine(init.meanField());
        if (trunk != null) o.println(trunk);
        ZeroCostProxies p = run.proxies();
        o.println(String.format("zero-cost proxies: grad_norm %s, snip %s, synflow %s (ln %s), naswot %s, jacob_cov %s",
                Describe.num(p.gradNorm()), Describe.num(p.snip()), Describe.num(p.synflow()), Describe.num(p.logSynflow()),
                Describe.num(p.naswot()), Describe.num(p.jacobCov())));
        if (p.naswot() == Double.NEGATIVE_INFINITY) {
            o.println("  naswot is -Infinity: two probe rows share one activation pattern, so the network cannot tell "
                    + "them apart at init");
        }
        if (Double.isNaN(p.jacobCov())) {
            o.println("  jacob_cov is undefined here: the input has fewer features than the probe has rows, so the "
                    + "correlation of the per-row input gradients is singular whatever the network");
        }
        DescribeJacobians.print(o, run.jacobians());
        o.println("health " + Describe.scoreAndFlags(init));
        init.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));

        TrainingResult r = run.training();
        HealthReport after = run.afterTraining();
        HealthReport pretrained = run.afterPretraining();
        if (r == null || after == null) {
            o.println();
            o.println("VERDICT AT INITIALIZATION (no training: --steps 0)");
            init.verdict().forEach(l -> o.println("  " + l));
        } else {
            if (r.pretraining() != null) {
                o.println();
                o.println("AFTER PRETRAINING (" + r.pretraining().reason() + "; the same probe batch)");
                if (pretrained != null) {
                    o.print(pretrained.toTable());
                    o.println(flow(pretrained));
                    o.println("health " + Describe.scoreAndFlags(pretrained));
                    pretrained.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));
                }
            }
            long supervised = plannedSteps - (r.pretraining() == null ? 0 : r.pretraining().steps());
            o.println();
            o.println((r.pretraining() == null ? "DURING TRAINING (" : "DURING FINE-TUNING (") + r.steps()
                    + " steps, sampled every " + Experiment.healthCadence(supervised) + " steps; the table shows the "
                    + "last sample)");
            if (after.init() != null) {
                o.print(Diagnosis.table(after));
                Diagnosis.throughTime(after.trace().last()).forEach(o::println);
                after.throughTime().forEach(t -> o.println(throughTimeJudged(t)));
            }
            Describe.printOutcome(o, r);
            Describe.printPretraining(o, r, init, pretrained, after);
            o.println("health " + Describe.scoreAndFlags(after));
            after.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));
            o.println();
            o.println("VERDICT");
            // With pretraining, supervised training starts from the pretrained weights: judge those, not the init.
            Diagnosis.verdict(pretrained != null ? pretrained : init, after).forEach(l -> o.println("  " + l));
        }
        if (export != null) o.println("exported    " + export + "/ (checkpoint.json, probe.json; format: docs/checkpoint-format.md)");
        o.flush();
    }

    /** "FROM:TO" or "FROM:" as {from, to} (to = -1 for the last), dense layers numbered from 1. */
    static int[] layerRange(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                int from = Integer.parseInt(parts[0].strip());
                int to = parts[1].isBlank() ? -1 : Integer.parseInt(parts[1].strip());
                if (from >= 1 && (to == -1 || to > from)) return new int[] {from, to};
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw Failures.badInput("--layers " + text + ": expected FROM:TO or FROM: with dense layers numbered from 1 and"
                + " TO > FROM, e.g. 5:30 or 5:");
    }

    /** The per-layer ratio's geometric means over trunk dense layers {@code from}..{@code to}. */
    private record RangeMeans(int from, int to, double measured, double predicted) {}

    /**
     * The geometric means over the ratios r_FROM .. r_(TO-1), each relating a trunk dense layer to the next: measured
     * and mean-field (NaN where theory does not apply); null when the range reaches past the network.
     */
    private static @Nullable RangeMeans rangeMeans(HealthReport r, int[] range) {
        List<Double> ratios = r.ratios();
        int to = range[1] == -1 ? ratios.size() + 1 : range[1];
        if (to > ratios.size() + 1) return null;
        MeanFieldComparison mf = r.meanField();
        List<Double> chi = mf == null || mf.prediction() == null ? List.of() : mf.prediction().chi();
        double measured = 0;
        double predicted = 0;
        for (int l = range[0] - 1; l < to - 1; l++) {
            measured += Math.log(ratios.get(l));
            predicted += l < chi.size() ? Math.log(chi.get(l)) : Double.NaN;
        }
        int n = to - range[0];
        return new RangeMeans(range[0], to, Math.exp(measured / n), chi.isEmpty() ? Double.NaN : Math.exp(predicted / n));
    }

    private static String rangeLine(HealthReport r, int[] range) {
        RangeMeans m = rangeMeans(r, range);
        if (m == null) {
            return "layers " + range[0] + "-" + range[1] + ": the trunk has only " + (r.ratios().size() + 1)
                    + " dense layers";
        }
        return String.format("layers %d-%d: squared delta norm changes %sx per layer going back at init (geometric "
                + "mean)%s", m.from(), m.to(), Describe.num(m.measured()), Double.isNaN(m.predicted()) ? ""
                : ", mean-field theory predicts " + Describe.num(m.predicted()) + "x");
    }

    private static Map<String, Object> rangeJson(HealthReport r, int[] range) {
        RangeMeans m = rangeMeans(r, range);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("from", range[0]);
        j.put("to", m == null ? range[1] : m.to());
        j.put("geometric_mean_ratio", m == null ? Double.NaN : m.measured());
        j.put("predicted_geometric_mean_ratio", m == null ? Double.NaN : m.predicted());
        return j;
    }

    /** What the flags through time judged for one layer over training. */
    private static String throughTimeJudged(JudgedThroughTime j) {
        return String.format("  judged through time, layer %s: %s decades over the sequence (%sx per step), %s",
                j.layer().name(), Describe.num(j.decades()), Describe.num(j.decayPerStep()), j.when());
    }

    private static String flow(HealthReport r) {
        double predicted = r.predictedGeometricMean();
        return String.format("gradient flow: squared delta norm changes %sx per layer going back (geometric mean)%s; "
                        + "%s decades from the last layer to the first",
                Describe.num(r.geometricMean()),
                Double.isNaN(predicted) ? "" : ", mean-field theory predicts " + Describe.num(predicted) + "x",
                Describe.num(r.attenuationDecades()));
    }

    private static Map<String, Object> json(DiagnosisRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", run.spec().name());
        m.put("probe_batch_rows", run.probeBatchSize());
        m.put("at_init", Describe.health(run.atInit()));
        ZeroCostProxies p = run.proxies();
        Map<String, Object> proxies = new LinkedHashMap<>();
        proxies.put("grad_norm", p.gradNorm());
        proxies.put("snip", p.snip());
        proxies.put("synflow", p.synflow());
        proxies.put("log_synflow", p.logSynflow());
        proxies.put("naswot", p.naswot());
        proxies.put("jacob_cov", p.jacobCov());
        m.put("zero_cost_proxies", proxies);
        m.put("jacobians", DescribeJacobians.json(run.jacobians()));
        TrainingResult training = run.training();
        HealthReport after = run.afterTraining();
        if (training != null && after != null) {
            if (run.afterPretraining() != null) m.put("after_pretraining", Describe.health(run.afterPretraining()));
            m.put("training", Describe.result(training));
            m.put("after_training", Describe.health(after));
            HealthReport start = run.afterPretraining() != null ? run.afterPretraining() : run.atInit();
            m.put("verdict", Diagnosis.verdict(start, after));
        } else {
            m.put("verdict", run.atInit().verdict());
        }
        return m;
    }
}
