package io.gradforge.cli;

import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check spec files without running them: every problem of every file, each with its line and column.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "YAML spec files (experiments or searches).")
    List<Path> files = new ArrayList<>();

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        var out = command.commandLine().getOut();
        var err = command.commandLine().getErr();
        List<Map<String, Object>> report = new ArrayList<>();
        boolean allValid = true;
        for (Path file : files) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", file.toString());
            try {
                Spec spec = SpecReader.read(file);
                entry.put("valid", true);
                entry.put("kind", spec instanceof SearchSpec ? "search" : "experiment");
                String summary = describe(spec, entry);
                if (!common.json && !common.quiet) out.println("ok  " + file + ": " + summary);
            } catch (SpecException e) {
                allValid = false;
                entry.put("valid", false);
                entry.put("problems", e.problems().stream().map(p -> Map.of(
                        "line", p.line(), "column", p.column(), "message", p.message())).toList());
                if (!common.json) err.println(e.getMessage());
            } catch (NoSuchFileException e) {
                allValid = false;
                entry.put("valid", false);
                entry.put("problems", List.of(Map.of("line", 0, "column", 0, "message", "no such file")));
                if (!common.json) err.println(file + ": no such file");
            }
            report.add(entry);
        }
        if (common.json) Json.print(out, report.size() == 1 ? report.get(0) : report);
        return allValid ? 0 : Failures.BAD_INPUT;
    }

    private static String describe(Spec spec, Map<String, Object> entry) {
        if (spec instanceof ExperimentSpec e) {
            var shape = e.network().shape();
            entry.put("name", e.name());
            entry.put("layers", e.network().resolvedLayers().size() + 1);
            entry.put("parameters", (long) shape.parameters());
            return "experiment '" + e.name() + "', " + (e.network().resolvedLayers().size() + 1) + " layers, "
                    + String.format("%,d", (long) shape.parameters()) + " parameters";
        }
        SearchSpec s = (SearchSpec) spec;
        entry.put("name", s.name());
        return "search '" + s.name() + "', depth " + s.space().depth().min() + ".." + s.space().depth().max()
                + ", " + SearchCommand.plan(s);
    }
}
