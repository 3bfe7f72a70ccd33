package io.gradforge.cli;

import io.gradforge.cli.report.RunRecord;
import io.gradforge.cli.report.SearchReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.html for a search run: the Pareto scatter, loss curves, the front, the "
                + "candidates that did not train, and what the search learned.",
                "Works on a finished or an interrupted run directory; gradforge search writes it by itself."},
        footer = {"", "Example:", "  gradforge report runs/quickstart-20260101-120000"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory of gradforge search.")
    Path runDirectory;

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        RunRecord run = RunRecord.read(runDirectory);
        Path file = SearchReport.write(run);
        var out = command.commandLine().getOut();
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("report", file.toString());
            m.put("evaluations", run.evaluations().size());
            m.put("front_size", run.front().size());
            Json.print(out, m);
        } else if (!common.quiet) {
            out.println("report: " + file + " (" + run.evaluations().size() + " evaluations, front of "
                    + run.front().size() + ")");
        }
        out.flush();
        return 0;
    }
}
