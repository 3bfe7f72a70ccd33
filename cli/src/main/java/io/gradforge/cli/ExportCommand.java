package io.gradforge.cli;

import io.gradforge.core.tensor.Precision;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.run.Experiment;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.SpecCompiler;
import io.gradforge.run.checkpoint.Checkpoint;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import io.gradforge.run.export.PyTorchExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a network as a plain PyTorch module ({@link PyTorchExport}): from an experiment spec (initializers and
 * training loop), or from a checkpoint (its trained weights, copied beside the module; the training loop when
 * {@code --spec} names the spec it was trained from).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a network as a plain PyTorch module (torch and the standard library only): its layers, "
                + "initializers, training loop, and with a checkpoint its trained weights.",
                "From a checkpoint, FILE's checkpoint copy (model.checkpoint.json for model.py) goes beside it."},
        footer = {"", "Examples:", "  gradforge export runs/qs/best.yaml --format pytorch --out model.py",
                "  gradforge export runs/qs/trained --spec runs/qs/best.yaml --format pytorch"})
final class ExportCommand implements Callable<Integer> {
    static final List<String> FORMATS = List.of("pytorch");

    @Parameters(index = "0", paramLabel = "SPEC_OR_CHECKPOINT",
            description = "An experiment spec (e.g. a search's best.yaml), a checkpoint.json, or the --out directory "
                    + "of train.")
    Path source;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "Target framework: pytorch.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the module (default model.py).")
    Path out = Path.of("model.py");

    @Option(names = "--spec", paramLabel = "SPEC",
            description = "With a checkpoint: the experiment spec it was trained from, for the training loop and seed.")
    @Nullable Path spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (!FORMATS.contains(format)) {
            throw Failures.badInput("unknown --format '" + format + "'; known: " + String.join(", ", FORMATS));
        }
        checkWritable(out);
        Path weights = out.resolveSibling(stem(out) + ".checkpoint.json");
        PyTorchExport.Source s;
        Path checkpoint = checkpointFile(source);
        if (checkpoint != null) {
            LoadedCheckpoint c = load(checkpoint);
            Precision precision = c.network().precision();
            s = PyTorchExport.Source.of(c.spec(), precision).withSpecFile(spec == null ? null : spec.toString())
                    .withCheckpoint(weights.getFileName().toString(), checkpoint.toString(), c.provenance(), c.data());
            if (spec != null) {
                ExperimentSpec e = experiment(spec);
                String problem = Experiment.startProblem(e, c.spec(), precision);
                if (problem != null) {
                    throw Failures.badInput("--spec " + spec + " is not the spec " + checkpoint + " was trained from: "
                            + problem.replaceFirst("; --init-from takes .*$", ""));
                }
                s = s.withTraining(e.training());
            }
        } else {
            if (spec != null) throw Failures.badInput("--spec goes with a checkpoint; " + source + " is a spec already");
            ExperimentSpec e = experiment(source);
            s = PyTorchExport.Source.of(e.network(), SpecCompiler.precision(e.training())).withTraining(e.training())
                    .withSpecFile(source.toString());
        }
        String module = PyTorchExport.module(s, Instant.now());
        try {
            // the weights first: a module is never left pointing at a checkpoint copy that is not there
            if (checkpoint != null) OutputFiles.write(weights, Files.readString(checkpoint, StandardCharsets.UTF_8));
            OutputFiles.write(out, module);
        } catch (OutputFiles.OutputException e) {
            throw Failures.runFailed(e.getMessage());
        }
        if (common.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("module", out.toString());
            json.put("checkpoint", checkpoint == null ? null : weights.toString());
            json.put("training_loop", s.training() != null);
            Json.print(command.commandLine().getOut(), json);
        } else if (!common.quiet) {
            command.commandLine().getErr().println("gradforge: wrote " + out + (checkpoint == null ? ""
                    : " and " + weights + " (the trained weights it loads)"));
        }
        return 0;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
    }

    private static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw Failures.badInput("--out " + file + " is a directory; give a file name");
        if (dir == null || !Files.isDirectory(dir)) throw Failures.badInput("--out " + file + ": no such directory " + dir);
        if (!Files.isWritable(dir) || (Files.exists(file) && !Files.isWritable(file))) {
            throw Failures.badInput("--out " + file + " cannot be written");
        }
    }

    /** The checkpoint {@code file} names (a .json file, or train --out's directory), or null for a spec. */
    private static @Nullable Path checkpointFile(Path file) {
        if (!Files.exists(file)) {
            throw Failures.badInput("no such file: " + file + "; give an experiment spec, a checkpoint.json or the"
                    + " --out directory of train");
        }
        if (Files.isDirectory(file)) {
            Path inside = file.resolve("checkpoint.json");
            if (!Files.isRegularFile(inside)) {
                throw Failures.badInput(file + " is a directory without a checkpoint.json; give an experiment spec, a"
                        + " checkpoint.json or the --out directory of train");
            }
            return inside;
        }
        return file.getFileName().toString().endsWith(".json") ? file : null;
    }

    private static LoadedCheckpoint load(Path file) {
        try {
            return Checkpoint.load(file);
        } catch (NoSuchFileException e) {
            throw Failures.badInput("no such file: " + file);
        } catch (IOException e) {
            throw Failures.badInput(e.getMessage());
        }
    }

    private static ExperimentSpec experiment(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw Failures.badInput("no such file: " + file + "; give an experiment spec");
        Spec s = SpecReader.read(file);
        if (!(s instanceof ExperimentSpec e)) {
            throw Failures.badInput(file + " is a search spec; export its best.yaml or a checkpoint.json");
        }
        return e;
    }
}
