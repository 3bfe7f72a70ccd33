package io.gradforge.cli;

import io.gradforge.core.data.CsvDatasets;
import io.gradforge.core.data.DataFileException;
import io.gradforge.core.data.FeatureScaling;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.checkpoint.Checkpoint;
import io.gradforge.run.checkpoint.CheckpointData;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Apply a trained network (a checkpoint.json from train --out) to the rows of a CSV file.",
                "Picks the feature columns it was trained on by name (others, the target too, are ignored), "
                + "standardizes them as in training, and writes one CSV row per input row: the predicted value "
                + "(regression), or the predicted class and each class's probability."},
        footer = {"", "Example:", "  gradforge train spec.yaml --out out", "  gradforge predict out/checkpoint.json new.csv"})
final class PredictCommand implements Callable<Integer> {
    private static final int BATCH = 256;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint.json written by gradforge train --out.")
    Path checkpoint;

    @Parameters(index = "1", paramLabel = "DATA", description = "A CSV file with a header row naming the feature columns.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions here (default: standard output).")
    @Nullable Path out;

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (out != null) { // before the work, not after it
            if (Files.isDirectory(out)) throw Failures.badInput("--out " + out + ": is a directory; give a file");
            Failures.checkOutput(out.toAbsolutePath().getParent(), "--out's directory");
        }
        LoadedCheckpoint loaded = load(checkpoint);
        CheckpointData trained = loaded.data();
        if (trained == null) {
            throw Failures.badInput(checkpoint + " does not record what its network was trained on (checkpoints from"
                    + " diagnose --export, from code, or from before 0.1.0's predict do not); train with --out again");
        }
        CsvDatasets.Columns x;
        try {
            x = CsvDatasets.readColumns(data, trained.features());
        } catch (DataFileException e) {
            throw Failures.badInput(e.getMessage());
        }
        if (out == null) {
            PrintWriter stdout = command.commandLine().getOut();
            write(loaded.network(), trained, x, stdout);
            stdout.flush();
        } else {
            OutputFiles.write(out, w -> write(loaded.network(), trained, x, w));
            if (!common.quiet) command.commandLine().getErr().println("gradforge: " + x.rows() + " predictions in " + out);
        }
        return 0;
    }

    private static LoadedCheckpoint load(Path file) {
        try {
            return Checkpoint.load(file);
        } catch (NoSuchFileException e) {
            throw Failures.badInput("no such file: " + file + "; give a checkpoint.json written by gradforge train --out");
        } catch (IOException e) {
            throw Failures.badInput(e.getMessage());
        }
    }

    /** The header, then one row per input row, computed a batch at a time in evaluation mode. */
    static void write(Network network, CheckpointData trained, CsvDatasets.Columns x, Writer w) throws IOException {
        List<String> classes = trained.classes();
        TaskKind task = trained.task();
        if (task == TaskKind.REGRESSION) {
            w.write("prediction\n");
        } else {
            StringBuilder header = new StringBuilder("class");
            for (String c : classes) header.append(',').append(quote("p_" + c));
            w.write(header + "\n");
        }
        int inputs = x.names().size();
        FeatureScaling scaling = trained.scaling();
        double[] values = x.values();
        for (int from = 0; from < x.rows(); from += BATCH) {
            int n = Math.min(BATCH, x.rows() - from);
            Tensor batch = Tensor.zeros(network.precision(), n, inputs);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < inputs; c++) {
                    double v = values[(from + r) * inputs + c];
                    batch.set(r, c, scaling == null ? v : scaling.standardize(v, c));
                }
            }
            Tensor y = network.forward(batch, false);
            for (int r = 0; r < n; r++) w.write(row(y, r, task, classes) + "\n");
        }
    }

    private static String row(Tensor y, int r, TaskKind task, List<String> classes) {
        return switch (task) {
            case REGRESSION -> Double.toString(y.get(r, 0));
            case BINARY -> {
                double p = 1 / (1 + Math.exp(-y.get(r, 0))); // the loss's logit
                yield quote(classes.get(p > 0.5 ? 1 : 0)) + "," + (1 - p) + "," + p;
            }
            case MULTICLASS -> {
                int k = classes.size();
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) max = Math.max(max, y.get(r, c));
                double sum = 0;
                double[] p = new double[k];
                int best = 0;
                for (int c = 0; c < k; c++) {
                    p[c] = Math.exp(y.get(r, c) - max);
                    sum += p[c];
                    if (y.get(r, c) > y.get(r, best)) best = c;
                }
                StringBuilder sb = new StringBuilder(quote(classes.get(best)));
                for (int c = 0; c < k; c++) sb.append(',').append(p[c] / sum);
                yield sb.toString();
            }
        };
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") ? "\"" + cell.replace("\"", "\"\"") + "\""
                : cell;
    }
}
