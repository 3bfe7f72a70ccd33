package io.gradforge.cli;

import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.Activation;
import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.run.Provenance;
import io.gradforge.run.checkpoint.Checkpoint;
import io.gradforge.run.checkpoint.LoadedCheckpoint;
import io.gradforge.core.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a network as a plain PyTorch module (torch and the standard library only). First increment: the layer
 * chain (dense with its activation, activation layers, batch_norm, layer_norm, the output layer) with every
 * activation in core's exact formula; residual and dense-skip blocks, trained weights, initializer calls and the
 * training loop are not exported yet and are refused with a one-line error.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a network (an experiment spec or a checkpoint.json) as a plain PyTorch module.",
        footer = {"", "Example:", "  gradforge export runs/best.yaml --format pytorch --out model.py"})
final class ExportCommand implements Callable<Integer> {
    static final List<String> FORMATS = List.of("pytorch");

    @Parameters(index = "0", paramLabel = "SPEC_OR_CHECKPOINT",
            description = "An experiment spec (e.g. a search's best.yaml) or a checkpoint.json.")
    Path source;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "Target framework: pytorch.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the module (default model.py).")
    Path out = Path.of("model.py");

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
        Source s = read(source);
        String module = pytorch(s);
        Files.writeString(out, module);
        if (!common.quiet) command.commandLine().getErr().println("gradforge: wrote " + out);
        return 0;
    }

    /** What is exported: the network, its precision, and where it came from. */
    record Source(Path file, NetworkSpec network, boolean float32, @Nullable Provenance provenance) {}

    private static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw Failures.badInput("--out " + file + " is a directory; give a file name");
        if (dir == null || !Files.isDirectory(dir)) throw Failures.badInput("--out " + file + ": no such directory " + dir);
        if (!Files.isWritable(dir) || (Files.exists(file) && !Files.isWritable(file))) {
            throw Failures.badInput("--out " + file + " cannot be written");
        }
    }

    private static Source read(Path file) throws IOException {
        if (!Files.exists(file)) throw Failures.badInput("no such file: " + file + "; give an experiment spec or a checkpoint.json");
        if (file.getFileName().toString().endsWith(".json")) {
            LoadedCheckpoint c;
            try {
                c = Checkpoint.load(file);
            } catch (NoSuchFileException e) {
                throw Failures.badInput("no such file: " + file);
            } catch (IOException | RuntimeException e) {
                throw Failures.badInput(file + " is not a Gradforge checkpoint: " + e.getMessage());
            }
            return new Source(file, c.spec(), c.network().precision() == Precision.FLOAT32, c.provenance());
        }
        Spec spec;
        try {
            spec = SpecReader.read(file);
        } catch (SpecException e) {
            throw Failures.badInput(e.getMessage());
        }
        if (!(spec instanceof ExperimentSpec e)) {
            throw Failures.badInput(file + " is a search spec; export its best.yaml or a checkpoint.json");
        }
        return new Source(file, e.network(), e.training().precision() == FloatPrecision.FLOAT32, null);
    }

    static String pytorch(Source s) {
        StringBuilder init = new StringBuilder();
        int width = s.network().input();
        int index = 0;
        for (LayerSpec layer : s.network().resolvedLayers()) {
            String line = switch (layer) {
                case DenseSpec d -> {
                    String bias = d.bias() == null || d.bias() ? "True" : "False";
                    String l = "nn.Linear(" + width + ", " + d.units() + ", bias=" + bias + ", dtype=DTYPE)";
                    width = d.units();
                    yield d.activation() == null ? l : "nn.Sequential(" + l + ", " + activation(d.activation(), width) + ")";
                }
                case ActivationLayerSpec a -> activation(a.activation(), width);
                case BatchNormSpec b -> "nn.BatchNorm1d(" + width + ", eps=" + num(b.eps()) + ", momentum="
                        + num(b.momentum()) + ", dtype=DTYPE)";
                case LayerNormSpec n -> "nn.LayerNorm(" + width + ", eps=" + num(n.eps()) + ", dtype=DTYPE)";
                case ResidualSpec r -> throw Failures.badInput("layer " + index + ": residual blocks are not exported yet");
                case DenseSkipSpec k -> throw Failures.badInput("layer " + index + ": dense_skip blocks are not exported yet");
            };
            init.append("            ").append(line).append(",  # layers.").append(index).append('\n');
            index++;
        }
        var o = s.network().output();
        init.append("            nn.Sequential(nn.Linear(").append(width).append(", ").append(o.units())
                .append(", bias=").append(o.bias() ? "True" : "False").append(", dtype=DTYPE), ")
                .append(activation(o.activation(), o.units())).append("),  # output\n");
        String provenance = s.provenance() == null ? "" : "\nCheckpoint written by Gradforge "
                + s.provenance().gradforgeVersion() + ".";
        return """
                \"""Exported by Gradforge %s from %s.%s

                Plain PyTorch (torch and the standard library only). Weights are freshly initialized by PyTorch;
                trained weights, initializer calls and the training loop are not exported yet.
                \"""
                import math

                import torch
                from torch import nn

                DTYPE = %s


                class Act(nn.Module):
                    \"""Gradforge's activations with core's exact formulas.\"""

                    def __init__(self, name, param, width):
                        super().__init__()
                        self.name = name
                        self.param = param
                        if name == "prelu":
                            self.slope = nn.Parameter(torch.full((1, width), param, dtype=DTYPE))

                    def forward(self, x):
                        n, p = self.name, self.param
                        if n == "identity":
                            return x
                        if n == "sigmoid":
                            return torch.sigmoid(x)
                        if n == "tanh":
                            return torch.tanh(x)
                        if n == "relu":
                            return torch.relu(x)
                        if n == "leaky_relu":
                            return torch.where(x > 0, x, p * x)
                        if n == "prelu":
                            return torch.where(x > 0, x, self.slope * x)
                        if n == "elu":
                            return torch.where(x > 0, x, p * torch.expm1(x))
                        if n == "selu":
                            return %s * torch.where(x > 0, x, %s * torch.expm1(x))
                        if n == "swish":
                            return x * torch.sigmoid(p * x)
                        if n == "gelu":
                            return x * 0.5 * torch.erfc(-x / math.sqrt(2.0))
                        if n == "softplus":
                            return nn.functional.softplus(x)
                        raise ValueError(n)


                class GradforgeNet(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.layers = nn.ModuleList([
                %s        ])

                    def forward(self, x):
                        for layer in self.layers:
                            x = layer(x)
                        return x
                """.formatted(Provenance.current().gradforgeVersion(), s.file().getFileName(), provenance,
                s.float32() ? "torch.float32" : "torch.float64", num(Activation.SELU_LAMBDA), num(Activation.SELU_ALPHA),
                init);
    }

    /** The module for one activation; the name comes from core's vocabulary, so an unknown one cannot pass. */
    private static String activation(ActivationSpec a, int width) {
        ActivationKind kind = ActivationKind.parse(a.name())
                .orElseThrow(() -> Failures.badInput("unknown activation '" + a.name() + "'"));
        double p = kind.hasParameter() && !a.parameters().isEmpty()
                ? a.parameters().values().iterator().next() : kind.defaultParameter();
        return "Act(\"" + kind.yamlName() + "\", " + num(p) + ", " + width + ")";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", Double.toString(v));
    }
}
