package io.gradforge.cli;

import io.gradforge.core.check.GradientCheck;
import io.gradforge.core.check.GradientCheckResult;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.run.Experiment;
import io.gradforge.run.ProbeBatch;
import io.gradforge.run.SpecCompiler;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check a spec's network's analytic gradients against finite differences (float64).",
                "Uses centred differences (fourth-order stencil) on a few rows of the spec's data; exits 1 if any "
                + "relative error exceeds the threshold."})
final class GradcheckCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--rows", paramLabel = "N", defaultValue = "8", description = "Rows of data to check on (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "1e-6", description = "Largest accepted relative error (default ${DEFAULT-VALUE}).")
    double threshold;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (rows < 1) throw Failures.badInput("--rows must be positive but was " + rows);
        if (!(threshold > 0)) throw Failures.badInput("--threshold must be positive but was " + threshold);
        PrintWriter o = command.commandLine().getOut();
        ExperimentSpec spec = specOptions.experiment("gradcheck");
        long seed = spec.training().seed();
        Network network = SpecCompiler.network(spec.network(), Precision.FLOAT64, seed);
        ProbeBatch batch = ProbeBatch.of(Experiment.data(spec, specOptions.file), seed, rows, Precision.FLOAT64);
        Tensor x = batch.x(), y = batch.y();
        int n = x.rows();
        GradientCheckResult result = GradientCheck.of(network, SpecCompiler.loss(spec.training().loss()), x, y,
                GradientCheck.Options.defaults().withThreshold(threshold));
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", spec.name());
            m.put("passed", result.passed());
            m.put("threshold", result.threshold());
            m.put("max_relative_error", result.overallMaxRelativeError());
            m.put("worst", result.worst());
            m.put("checked_elements", result.checkedElements());
            m.put("skipped_at_kinks", result.skippedAtKinks());
            m.put("refined_steps", result.refinedSteps());
            m.put("per_tensor", result.maxRelativeError());
            Json.print(o, m);
        } else {
            o.println("gradcheck " + spec.name() + ": " + Describe.network(spec).replace("float32", "checked in float64")
                    + "; " + n + " rows, " + result.checkedElements() + " elements compared ("
                    + result.refinedSteps() + " at a smaller step), " + result.skippedAtKinks()
                    + " skipped (finite difference across an activation kink at every step)");
            if (common.verbose) {
                result.maxRelativeError().forEach((k, v) -> o.println(String.format("  %-40s %.3g", k, v)));
            }
            o.println(String.format("%s: max relative error %.3g at %s (threshold %.1g)",
                    result.passed() ? "passed" : "FAILED", result.overallMaxRelativeError(), result.worst(), result.threshold()));
        }
        o.flush();
        return result.passed() ? 0 : Failures.RUN_FAILED;
    }
}
