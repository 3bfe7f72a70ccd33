package io.gradforge.cli;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Search;
import io.gradforge.search.SearchTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tabulate", mixinStandardHelpOptions = true,
        description = {"Evaluate every candidate of a finite search space once, to replay searches on the table.",
                "The run directory is a normal search run (journal.jsonl, resumable, report.html ...) plus table.csv, "
                + "one row per combination of gene values. A continuous learning rate is discretized to "
                + "--learning-rates values; genes must not be per_layer.",
                "Search the table with: gradforge search --table DIR (no training: each candidate is looked up)."},
        footer = {"", "Examples:", "  gradforge tabulate specs/quickstart.yaml --out tables/quickstart",
                "  gradforge tabulate --resume tables/quickstart",
                "  gradforge search --table tables/quickstart --seed 3"})
final class TabulateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "A search spec (YAML); omitted with --resume.")
    @Nullable Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Table directory (default runs/<name>-<timestamp>).")
    @Nullable Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Finish an interrupted tabulation: journaled evaluations are reused, never redone.")
    @Nullable Path resume;

    @Option(names = "--learning-rates", paramLabel = "N", defaultValue = "3",
            description = "Grid values of a continuous learning-rate range (default ${DEFAULT-VALUE}).")
    int learningRates;

    @Option(names = "--threads", paramLabel = "N",
            description = "Evaluation threads (default: the spec's parallelism).")
    @Nullable Integer threads;

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        Search.Builder builder;
        if (resume != null) {
            if (out != null) throw Failures.badInput("--out and --resume exclude each other; --resume names the run");
            if (specFile != null) {
                throw Failures.badInput("--resume continues the table with its own search.yaml; give no SPEC");
            }
            builder = Search.resume(resume);
        } else {
            if (specFile == null) {
                throw Failures.badInput("give a search spec (gradforge tabulate SPEC) or a table to finish "
                        + "(--resume DIR)");
            }
            SearchSpec spec;
            try {
                spec = SearchTable.tableSpec(SpecReader.readSearch(specFile), learningRates);
            } catch (IllegalArgumentException e) {
                throw Failures.badInput(specFile + ": " + e.getMessage());
            }
            builder = Search.builder(spec).specFile(specFile);
            if (out != null) builder.runDirectory(out);
        }
        builder.tabulate();
        return SearchCommand.execute("tabulate", builder, threads, common, command, null, search -> {
            SearchSpec spec = search.spec();
            return (resume != null ? "resuming the tabulation of " : "tabulating ") + spec.name() + ": every "
                    + "candidate on " + search.threads() + " thread"
                    + (search.threads() == 1 ? "" : "s") + " -> " + search.runDirectory();
        });
    }
}
