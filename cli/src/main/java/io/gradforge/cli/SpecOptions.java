package io.gradforge.cli;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.run.Experiment;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The experiment spec a command runs, with the overrides every running command accepts. */
final class SpecOptions {
    @Parameters(index = "0", paramLabel = "SPEC", description = "An experiment spec (YAML).")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Override the spec's seed.")
    @Nullable Long seed;

    @Option(names = "--steps", paramLabel = "N", description = "Override the spec's training budget (steps); "
            + "diagnose --steps 0 measures at initialization only.")
    @Nullable Long steps;

    /** The --steps override for {@link Experiment#trainer}: 0 when absent (the spec's budget). */
    long stepsOverride() {
        return steps == null ? 0 : steps;
    }

    /** Whether --steps 0 asked for no training (diagnose at initialization only). */
    boolean atInitOnly() {
        return steps != null && steps == 0;
    }

    /** A spec ready to run: its data and the steps it will take. */
    record Prepared(ExperimentSpec spec, Dataset data, long plannedSteps) {

        /** Work on a prepared spec that a progress display observes and Ctrl-C cancels. */
        interface Work<T> {
            T run(TrainingProbe progress, BooleanSupplier cancelled) throws IOException;
        }

        /**
         * Runs {@code work} with a progress bar for the planned steps (unless quiet or JSON) and Ctrl-C asking
         * it to stop after the current step.
         */
        <T> T withProgress(String task, CommonOptions common, Work<T> work) throws IOException {
            AtomicBoolean interrupted = Interrupts.onCtrlC();
            boolean silent = common.quiet || common.json || plannedSteps == 0;
            try (TrainingProgress progress = TrainingProgress.start(task, plannedSteps, silent)) {
                return work.run(progress, interrupted::get);
            } finally {
                Interrupts.clear();
            }
        }
    }

    /**
     * Reads the spec, makes its data, works out the step budget and, unless quiet or JSON, prints the one-line
     * header "{@code command name: network; data; training, N steps}".
     */
    Prepared prepare(String command, PrintWriter out, CommonOptions common) throws IOException {
        ExperimentSpec spec = experiment(command);
        Dataset data;
        MemoryUse.during("reading the data of " + file);
        try (ReadingProgress reading = ReadingProgress.start(common.quiet || common.json)) {
            data = Experiment.data(spec, file, reading);
        }
        String tooLarge = Rules.batchLargerThanData(spec.training().batchSize(), data.size(),
                spec.training().validationSplit(), data.name() + " has " + data.size() + " rows");
        if (tooLarge != null) throw Failures.badInput(file + ": " + tooLarge);
        MemoryUse.check(spec, data, Runtime.getRuntime().maxMemory());
        long planned = atInitOnly() ? 0 : Experiment.trainer(spec, stepsOverride()).plannedSteps(data.size());
        PretrainingSpec pretraining = spec.training().pretraining();
        if (pretraining != null && !atInitOnly()) { // an epoch budget, or --steps, is known only now
            String problem = pretraining.budgetProblem(spec.network(), planned);
            if (problem != null) {
                throw Failures.badInput(file + ": " + problem + (steps != null ? " (--steps " + steps + ")" : ""));
            }
        }
        if (!common.json && !common.quiet) {
            out.println(command + " " + spec.name() + ": " + Describe.network(spec) + "; " + data.name() + " ("
                    + data.size() + " rows); " + Describe.training(spec.training()) + ", "
                    + (atInitOnly() ? "at initialization only (--steps 0)" : planned + " steps"));
            out.flush();
        }
        return new Prepared(spec, data, planned);
    }

    /** Reads the spec; a search spec is refused with a pointer to the right command. */
    ExperimentSpec experiment(String command) throws IOException {
        if (steps != null && steps < 0) throw Failures.badInput("--steps must be positive but was " + steps);
        if (atInitOnly() && !command.equals("diagnose")) {
            throw Failures.badInput("--steps must be positive but was 0 (only diagnose takes 0: a diagnosis at "
                    + "initialization only)");
        }
        Spec spec = SpecReader.read(file);
        if (spec instanceof SearchSpec) {
            throw Failures.badInput(file + " is a search spec; run it with 'gradforge search " + file
                    + "' (" + command + " takes an experiment spec)");
        }
        ExperimentSpec e = (ExperimentSpec) spec;
        return seed == null ? e : e.withTraining(e.training().withSeed(seed));
    }
}
