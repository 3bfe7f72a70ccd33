package io.gradforge.cli;

import io.gradforge.core.health.HealthReport;
import io.gradforge.core.train.PretrainingResult;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.Provenance;
import io.gradforge.run.checkpoint.Checkpoint;
import io.gradforge.run.checkpoint.CheckpointData;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import io.gradforge.run.Experiment;
import io.gradforge.run.ExperimentRun;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an experiment spec's network on its data and report loss, accuracy and gradient health.",
                "With --out, saves checkpoint.json (the trained weights), loss.csv (the loss curve; with pretraining a "
                + "phase column tells its steps from fine-tuning's) and result.json; "
                + "--init-from continues from such a checkpoint."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the checkpoint, loss curve and result.")
    @Nullable Path out;

    @Option(names = "--init-from", paramLabel = "CHECKPOINT",
            description = "Start from the weights of a checkpoint.json saved by train --out from the same network, instead"
                    + " of the spec's initializers.")
    @Nullable Path initFrom;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = command.commandLine().getOut();
        if (out != null) Failures.checkOutput(out, "--out"); // before the work, not after it
        LoadedCheckpoint start = initFrom == null ? null : start(initFrom);
        SpecOptions.Prepared prepared = specOptions.prepare("train", stdout, common);
        ExperimentSpec spec = prepared.spec();
        if (start != null) checkStart(spec, start, initFrom);
        ExperimentRun run = prepared.withProgress("train", common, (progress, cancelled) ->
                Experiment.runOn(spec, prepared.data(), start == null ? null : start.network(), progress, cancelled,
                        specOptions.stepsOverride()));
        TrainingResult r = run.result();
        HealthReport report = run.health();
        if (report == null) throw Failures.runFailed("training ran no step: " + r.reason());
        if (out != null) save(run, report, out);
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("spec", spec.name());
            json.put("result", Describe.result(r));
            json.put("health", Describe.health(report));
            phaseHealth(json, run);
            if (out != null) json.put("out", out.toString());
            Json.print(stdout, json);
        } else {
            printSummary(stdout, run, report);
        }
        if (r.status() == TrainingStatus.DIVERGED) return Failures.RUN_FAILED;
        return 0;
    }

    private void printSummary(PrintWriter o, ExperimentRun run, HealthReport report) {
        TrainingResult r = run.result();
        Describe.printOutcome(o, r);
        Describe.printPretraining(o, r, run.atInit(), run.afterPretraining(), report);
        double seconds = r.elapsedNanos() / 1e9;
        o.println(String.format("time        %s (%.0f steps/s)", TrainingProgress.duration(Duration.ofNanos(r.elapsedNanos())),
                r.totalSteps() / Math.max(seconds, 1e-9)));
        o.println("health      " + Describe.scoreAndFlags(report));
        if (!common.quiet) {
            for (String line : report.verdict()) o.println("            " + line);
        }
        if (out != null) o.println("saved       " + out + "/ (checkpoint.json, loss.csv, result.json)");
        else if (!common.quiet) o.println("            (--out DIR saves the weights and the loss curve; 'gradforge diagnose' explains the gradients layer by layer)");
        o.flush();
    }

    /** Refuses (exit 2) a checkpoint that does not hold {@code spec}'s network at its precision. */
    static void checkStart(ExperimentSpec spec, LoadedCheckpoint start, Path file) {
        String problem = Experiment.startProblem(spec, start.spec(), start.network().precision());
        if (problem != null) throw Failures.badInput("--init-from " + file + ": " + problem);
    }

    /** The checkpoint to start from; a file that is not one is bad input (exit 2), named. */
    static LoadedCheckpoint start(Path file) {
        try {
            return Checkpoint.load(file);
        } catch (NoSuchFileException e) {
            throw Failures.badInput("--init-from " + file + ": no such file; give a checkpoint.json written by"
                    + " gradforge train --out");
        } catch (IOException e) {
            throw Failures.badInput("--init-from " + file + ": " + e.getMessage());
        }
    }

    /** With pretraining, the health before and right after it ("health" is then the fine-tuning's). */
    private static void phaseHealth(Map<String, Object> json, ExperimentRun run) {
        if (run.atInit() != null) json.put("health_at_init", Describe.health(run.atInit()));
        if (run.afterPretraining() != null) json.put("health_after_pretraining", Describe.health(run.afterPretraining()));
    }

    /**
     * {@code step,loss}, one row a step; with pretraining {@code step,loss,phase}: the pretraining steps first (their
     * reconstruction loss, phase {@code pretrain_layer_K} for hidden layer K from 1), then the fine-tuning steps
     * (phase {@code fine_tune}), steps numbered over the whole budget.
     */
    static void writeLossCurve(java.io.Writer w, TrainingResult r) throws IOException {
        PretrainingResult p = r.pretraining();
        double[] curve = r.lossCurve();
        if (p == null) {
            w.write("step,loss\n");
            for (int i = 0; i < curve.length; i++) w.write(i + "," + curve[i] + "\n");
            return;
        }
        w.write("step,loss,phase\n");
        double[] pre = p.lossCurve();
        for (int i = 0; i < pre.length; i++) w.write(i + "," + pre[i] + ",pretrain_layer_" + (p.layerOf(i) + 1) + "\n");
        for (int i = 0; i < curve.length; i++) w.write((pre.length + i) + "," + curve[i] + ",fine_tune\n");
    }

    private static void save(ExperimentRun run, HealthReport report, Path dir) throws IOException {
        Provenance provenance = Provenance.current();
        try {
            Checkpoint.save(run.spec().network(), run.network(), provenance, CheckpointData.of(run.data()),
                    dir.resolve("checkpoint.json"));
            OutputFiles.write(dir.resolve("loss.csv"), w -> writeLossCurve(w, run.result()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("spec", run.spec().name());
            json.put("result", Describe.result(run.result()));
            json.put("health", Describe.health(report));
            phaseHealth(json, run);
            json.put("provenance", Describe.provenance(run.spec().training().seed(), provenance));
            OutputFiles.write(dir.resolve("result.json"), Json.MAPPER.writeValueAsString(json));
        } catch (OutputFiles.OutputException e) {
            throw Failures.runFailed(e.getMessage() + "; the trained weights were not saved: free space or choose"
                    + " another --out, then run the same command again (same seed, same result)");
        }
    }
}
