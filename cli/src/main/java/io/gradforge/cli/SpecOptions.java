package io.gradforge.cli;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The experiment spec a command runs, with the overrides every running command accepts. */
final class SpecOptions {
    @Parameters(index = "0", paramLabel = "SPEC", description = "An experiment spec (YAML).")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Override the spec's seed.")
    @Nullable Long seed;

    @Option(names = "--steps", paramLabel = "N", description = "Override the spec's training budget (steps).")
    long steps;

    /** A spec ready to run: its data size and the steps it will take. */
    record Prepared(ExperimentSpec spec, long plannedSteps) {}

    /**
     * Reads the spec, works out the step budget and, unless quiet or JSON, prints the one-line header
     * "{@code command name: network; data; training, N steps}".
     */
    Prepared prepare(String command, java.io.PrintWriter out, CommonOptions common) throws IOException {
        ExperimentSpec spec = experiment(command);
        var data = io.gradforge.dsl.compile.SpecCompiler.dataset(spec.training().data(), file,
                io.gradforge.dsl.compile.Experiment.dataSeed(spec.training().seed()));
        long planned = steps > 0 ? steps
                : io.gradforge.dsl.compile.SpecCompiler.trainer(spec.training()).plannedSteps(data.size());
        if (!common.json && !common.quiet) {
            out.println(command + " " + spec.name() + ": " + Describe.network(spec) + "; " + data.name() + " ("
                    + data.size() + " rows); " + Describe.training(spec.training()) + ", " + planned + " steps");
            out.flush();
        }
        return new Prepared(spec, planned);
    }

    /** Reads the spec; a search spec is refused with a pointer to the right command. */
    ExperimentSpec experiment(String command) throws IOException {
        if (steps < 0) throw Failures.badInput("--steps must be positive but was " + steps);
        Spec spec = SpecReader.read(file);
        if (spec instanceof SearchSpec) {
            throw Failures.badInput(file + " is a search spec; run it with 'gradforge search " + file
                    + "' (" + command + " takes an experiment spec)");
        }
        ExperimentSpec e = (ExperimentSpec) spec;
        return seed == null ? e : e.withTraining(e.training().withSeed(seed));
    }
}
