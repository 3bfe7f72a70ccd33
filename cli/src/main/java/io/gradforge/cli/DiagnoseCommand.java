package io.gradforge.cli;

import io.gradforge.core.health.Diagnosis;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.JacobianSpectrum;
import io.gradforge.core.health.ZeroCostProxies;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.run.DiagnosisRun;
import io.gradforge.run.Diagnostics;
import io.gradforge.run.Experiment;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Explain an experiment's gradient health, layer by layer, at initialization and during training.",
                "Shows a per-layer table (gradient and delta norms, activation statistics, saturation, dead units, "
                + "update ratios), the delta ratio per layer beside the mean-field prediction, zero-cost proxies, the "
                + "input-output Jacobian spectrum, and a verdict in plain words with the remedies each flag calls for."})
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--export", paramLabel = "DIR",
            description = "Write checkpoint.json (initial weights) and probe.json (probe batch, output, loss and every "
                    + "parameter's gradient at initialization) so another framework can reproduce the numbers.")
    @Nullable Path export;

    @Option(names = "--init-from", paramLabel = "CHECKPOINT",
            description = "Diagnose the weights of a checkpoint.json saved by train --out from the same network (the"
                    + " first table is then at the checkpoint) instead of the spec's initialization.")
    @Nullable Path initFrom;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = command.commandLine().getOut();
        if (export != null) Failures.checkOutput(export, "--export"); // before the work, not after it
        if (export != null && initFrom != null) {
            throw Failures.badInput("--export writes the network at initialization; it cannot go with --init-from");
        }
        LoadedCheckpoint start = initFrom == null ? null : TrainCommand.start(initFrom);
        SpecOptions.Prepared prepared = specOptions.prepare("diagnose", o, common);
        if (start != null) TrainCommand.checkStart(prepared.spec(), start, initFrom);
        DiagnosisRun run = prepared.withProgress("diagnose", common, (progress, cancelled) ->
                Diagnostics.diagnoseOn(prepared.spec(), prepared.data(), specOptions.steps, export,
                        start == null ? null : start.network(), progress, cancelled));
        if (common.json) {
            Json.print(o, json(run));
        } else {
            print(o, run, prepared.plannedSteps());
        }
        return 0;
    }

    private void print(PrintWriter o, DiagnosisRun run, long plannedSteps) {
        HealthReport init = run.atInit();
        o.println();
        o.println((initFrom == null ? "AT INITIALIZATION" : "AT THE CHECKPOINT " + initFrom)
                + " (one forward and backward pass on a probe batch of " + run.probeBatchSize() + " rows)");
        o.print(init.toTable());
        o.println(flow(init));
        ZeroCostProxies p = run.proxies();
        o.println(String.format("zero-cost proxies: grad_norm %s, snip %s, synflow %s (ln %s), naswot %s, jacob_cov %s",
                Describe.num(p.gradNorm()), Describe.num(p.snip()), Describe.num(p.synflow()), Describe.num(p.logSynflow()),
                Describe.num(p.naswot()), Describe.num(p.jacobCov())));
        JacobianSpectrum j = run.jacobian();
        if (j != null) {
            o.println(String.format("input-output Jacobian: singular values max %s, min %s, mean square %s, condition %s",
                    Describe.num(j.maxSingularValue()), Describe.num(j.minSingularValue()),
                    Describe.num(j.meanSquaredSingularValue()), Describe.num(j.conditionNumber())));
        }
        o.println(String.format("health score %.2f; %s", init.score(), Describe.flags(init)));
        init.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));

        TrainingResult r = run.training();
        HealthReport after = run.afterTraining();
        HealthReport pretrained = run.afterPretraining();
        if (r.pretraining() != null) {
            o.println();
            o.println("AFTER PRETRAINING (" + r.pretraining().reason() + "; the same probe batch)");
            if (pretrained != null) {
                o.print(pretrained.toTable());
                o.println(flow(pretrained));
                o.println(String.format("health score %.2f; %s", pretrained.score(), Describe.flags(pretrained)));
                pretrained.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));
            }
        }
        long supervised = plannedSteps - (r.pretraining() == null ? 0 : r.pretraining().steps());
        o.println();
        o.println((r.pretraining() == null ? "DURING TRAINING (" : "DURING FINE-TUNING (") + r.steps()
                + " steps, sampled every " + Experiment.healthCadence(supervised) + " steps; the table shows the last"
                + " sample)");
        if (after.init() != null) o.print(Diagnosis.table(after));
        Describe.printOutcome(o, r);
        Describe.printPretraining(o, r, init, pretrained, after);
        o.println(String.format("health score %.2f; %s", after.score(), Describe.flags(after)));
        after.flags().forEach(f -> o.println("  " + f.flag() + ": " + f.reason()));
        o.println();
        o.println("VERDICT");
        var lines = new LinkedHashSet<String>(init.verdict());
        if (pretrained != null) lines.addAll(pretrained.verdict());
        lines.addAll(after.verdict());
        lines.forEach(l -> o.println("  " + l));
        if (export != null) o.println("exported    " + export + "/ (checkpoint.json, probe.json; format: docs/checkpoint-format.md)");
        o.flush();
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
        if (run.jacobian() != null) m.put("jacobian_singular_values", run.jacobian().singularValues());
        if (run.afterPretraining() != null) m.put("after_pretraining", Describe.health(run.afterPretraining()));
        m.put("training", Describe.result(run.training()));
        m.put("after_training", Describe.health(run.afterTraining()));
        return m;
    }
}
