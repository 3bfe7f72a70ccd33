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
