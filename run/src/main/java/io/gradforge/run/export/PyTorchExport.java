package io.gradforge.run.export;

import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.InitKind;
import io.gradforge.core.tensor.Precision;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.run.Provenance;
import io.gradforge.run.checkpoint.CheckpointData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes a network as a plain PyTorch module: a Python file that needs only torch and the standard library. It
 * holds the network's layers in Gradforge's order ({@code GradforgeNet}, with core's exact activation formulas),
 * the spec's initializers ({@code reset_parameters}: the same distributions, drawn by torch), the map from torch
 * parameter names to Gradforge's ({@code GRADFORGE_NAMES}), a loader of Gradforge checkpoints, and, when the
 * training section is known, the training loop with Gradforge's update rules ({@code TRAINING}, {@code train}).
 * With a checkpoint, {@code GradforgeNet()} loads its trained weights from the checkpoint file beside the module.
 *
 * {@snippet :
 * String python = PyTorchExport.module(PyTorchExport.Source.of(spec.network(), Precision.FLOAT64)
 *         .withTraining(spec.training()).withSpecFile("best.yaml"));
 * }
 *
 * @implNote Stateless and thread-safe.
 */
public final class PyTorchExport {
    private static final String RUNTIME = runtime();

    private PyTorchExport() {}

    /**
     * What is exported and where it came from.
     *
     * @param network       the network
     * @param precision     its precision (the module's DTYPE)
     * @param training      the training section, for the training loop; null leaves the loop out
     * @param data          what a checkpoint was trained on (feature names, standardization, classes); may be null
     * @param weightsFile   the checkpoint file, relative to the module, whose weights {@code GradforgeNet()} loads;
     *                      null when the module starts from its initializers
     * @param specFile      the spec file's name, for the provenance; may be null
     * @param checkpointFile the checkpoint's name, for the provenance; may be null
     * @param checkpointProvenance what wrote the checkpoint; may be null
     */
    public record Source(NetworkSpec network, Precision precision, @Nullable TrainingSpec training,
            @Nullable CheckpointData data, @Nullable String weightsFile, @Nullable String specFile,
            @Nullable String checkpointFile, @Nullable Provenance checkpointProvenance) {
        public Source {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(precision, "precision");
        }

        public static Source of(NetworkSpec network, Precision precision) {
            return new Source(network, precision, null, null, null, null, null, null);
        }

        public Source withTraining(@Nullable TrainingSpec training) {
            return new Source(network, precision, training, data, weightsFile, specFile, checkpointFile, checkpointProvenance);
        }

        public Source withSpecFile(@Nullable String specFile) {
            return new Source(network, precision, training, data, weightsFile, specFile, checkpointFile, checkpointProvenance);
        }

        /** The trained weights: {@code weightsFile} (beside the module) holds the checkpoint {@code checkpointFile}. */
        public Source withCheckpoint(String weightsFile, String checkpointFile, @Nullable Provenance provenance,
                @Nullable CheckpointData data) {
            return new Source(network, precision, training, data, Objects.requireNonNull(weightsFile, "weightsFile"),
                    specFile, checkpointFile, provenance);
        }
    }

    /** The Python source of the module; {@code now} is the export time written in the docstring. */
    public static String module(Source s, Instant now) {
        Objects.requireNonNull(s, "s");
        Objects.requireNonNull(now, "now");
        LayerWriter w = new LayerWriter();
        NetworkSpec n = s.network();
        int width = n.input();
        List<LayerSpec> layers = n.resolvedLayers();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            String name = "layers." + i;
            body.append("            ").append(w.layer(layers.get(i), width, name, "            ")).append(",  # ")
                    .append(name).append('\n');
            width = w.lastWidth;
        }
        OutputSpec o = n.output();
        String outName = "layers." + layers.size();
        body.append("            ").append(w.dense(width, o.units(), o.activation(), o.init(), o.bias() ? InitSpec.of("zeros") : null,
                false, outName)).append(",  # output\n");

        StringBuilder py = new StringBuilder();
        py.append("\"\"\"").append(docstring(s, now)).append("\"\"\"\n");
        py.append("import json\nimport math\nimport os\n\nimport torch\nfrom torch import nn\n\n");
        py.append("DTYPE = ").append(s.precision() == Precision.FLOAT32 ? "torch.float32" : "torch.float64").append('\n');
        py.append("SELU_ALPHA = ").append(num(Activation.SELU_ALPHA)).append('\n');
        py.append("SELU_LAMBDA = ").append(num(Activation.SELU_LAMBDA)).append('\n');
        py.append("CHECKPOINT = ").append(s.weightsFile() == null ? "None" : str(s.weightsFile()))
                .append("  # the trained weights GradforgeNet() loads, beside this file\n");
        py.append("INPUTS = ").append(n.input()).append("  # input features\n");
        data(s.data(), py);
        py.append("\n\n").append(RUNTIME).append("\n\n");
        py.append("""
                class GradforgeNet(nn.Module):
                    \"""The exported network. GradforgeNet() has the trained weights of CHECKPOINT when there is one;
                    GradforgeNet(trained=False) starts from Gradforge's initializers (reset_parameters).\"""

                    def __init__(self, trained=True):
                        super().__init__()
                        self.layers = nn.ModuleList([
                %s        ])
                        self.reset_parameters()
                        if trained and CHECKPOINT is not None:
                            load_checkpoint(self, os.path.join(os.path.dirname(os.path.abspath(__file__)), CHECKPOINT))

                    def forward(self, x):
                        for layer in self.layers:
                            x = layer(x)
                        return x

                    def reset_parameters(self):
                        \"""The spec's initializers: Gradforge's distributions, torch's random numbers.\"""
                %s

                """.formatted(body, w.inits.isEmpty() ? "        pass\n" : w.inits));
        py.append("# torch name -> Gradforge name (checkpoint.json, probe.json) of every parameter and buffer\n");
        py.append("GRADFORGE_NAMES = {\n");
        w.names.forEach((t, g) -> py.append("    ").append(str(t)).append(": ").append(str(g)).append(",\n"));
        py.append("}\n");
        if (s.training() != null) py.append(training(s.training())).append(refuseTruncation(layers));
        return py.toString();
    }

    /**
     * Truncated BPTT is not written into the exported loop: train() is replaced by one that refuses, naming the
     * layers, rather than train them with full BPTT (another gradient). The network, checkpoint and ONNX do not
     * depend on it (truncation changes the gradient only). Empty when no layer truncates.
     */
    private static String refuseTruncation(List<LayerSpec> layers) {
        List<String> truncated = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof RecurrentSpec r && r.truncation() != null) {
                truncated.add("layers." + i + " (truncation " + r.truncation().text() + ")");
            }
        }
        if (truncated.isEmpty()) return "";
        String which = String.join(", ", truncated);
        return """

                # NOTE: the spec trains %s by truncated backpropagation through time (Gradforge's
                # docs/recurrent.md); this export does not write truncation, so train() refuses rather than train
                # with full BPTT, a different gradient. GradforgeNet, its checkpoint and ONNX are unaffected.
                def train(model, x, y, **overrides):
                    raise NotImplementedError("the spec trains %s by truncated BPTT, which this export does not "
                                              "write; train with Gradforge, or remove truncation from the spec")
                """.formatted(which, which);
    }

    private static String docstring(Source s, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("A Gradforge network as a plain PyTorch module (torch and the standard library only).");
        lines.add("");
        lines.add("Exported by Gradforge " + Provenance.GRADFORGE_VERSION + " on "
                + now.truncatedTo(ChronoUnit.SECONDS) + ".");
        if (s.specFile() != null) lines.add("Spec: " + s.specFile() + ".");
        if (s.checkpointFile() != null) {
            Provenance p = s.checkpointProvenance();
            lines.add("Checkpoint: " + s.checkpointFile() + (p == null ? "" : ", written by Gradforge "
                    + p.gradforgeVersion() + " on " + p.time().truncatedTo(ChronoUnit.SECONDS) + " (kernel " + p.kernel()
                    + ")") + "; GradforgeNet() loads its trained weights from " + s.weightsFile() + " beside this file.");
        }
        if (s.training() != null) lines.add("Seed: " + s.training().seed() + " (the spec's training seed).");
        lines.add("Precision: " + (s.precision() == Precision.FLOAT32 ? "float32" : "float64") + " (DTYPE).");
        lines.add("");
        lines.add("GradforgeNet(trained=False) is initialized with the spec's initializers: the same distributions as");
        lines.add("Gradforge, not the same random numbers (torch draws them). The forward pass uses Gradforge's");
        lines.add("formulas, so with the same weights the outputs and gradients agree to rounding.");
        if (s.training() != null) {
            lines.add("train(model, x, y) is the spec's training loop (TRAINING) with Gradforge's update rules written out;");
            lines.add("its mini-batches are shuffled by torch, so a retrained network is not Gradforge's bit for bit.");
        } else {
            lines.add("No training loop: a checkpoint holds no training section; export it with --spec to add one.");
        }
        lines.add("To ONNX: torch.onnx.export(GradforgeNet().eval(), torch.zeros(1, INPUTS, dtype=DTYPE), \"model.onnx\")");
        return String.join("\n", lines).replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\"") + "\n";
    }

    private static void data(@Nullable CheckpointData d, StringBuilder py) {
        if (d == null) return;
        py.append("FEATURES = ").append(strings(d.features())).append("  # the input columns, in order\n");
        if (!d.classes().isEmpty()) py.append("CLASSES = ").append(strings(d.classes())).append("  # label of each class index\n");
        if (d.scaling() != null) {
            py.append("MEANS = ").append(nums(d.scaling().means())).append('\n');
            py.append("STDS = ").append(nums(d.scaling().stds()))
                    .append("  # standardize the inputs first: (x - MEANS) / STDS, as in training\n");
        }
    }

    private static String training(TrainingSpec t) {
        Map<String, String> opt = new LinkedHashMap<>();
        opt.put("name", str(t.optimizer().name()));
        opt.put("learning_rate", num(t.optimizer().learningRate()));
        t.optimizer().parameters().forEach((k, v) -> opt.put(k, num(v)));
        Map<String, String> schedule = new LinkedHashMap<>();
        schedule.put("name", str(t.schedule().name()));
        schedule.put("warmup_steps", Long.toString(t.schedule().warmupSteps()));
        t.schedule().parameters().forEach((k, v) -> schedule.put(k, num(v)));
        TrainingLength length = t.length();
        String pretraining = t.pretraining() == null ? "" : """

                # NOTE: the spec pretrains its hidden layers greedily first (training.pretraining: %s, %d steps per
                # layer, counted in the budget below); train() does not: it runs the supervised phase only.""".formatted(
                t.pretraining().method().name().toLowerCase(Locale.ROOT), t.pretraining().stepsPerLayer());
        return pretraining + """

                # the spec's training section; train(model, x, y, **overrides) runs it
                TRAINING = {
                    "loss": %s,
                    "optimizer": %s,
                    "schedule": %s,
                    "clipping": {"mode": %s, "threshold": %s},
                    "batch_size": %d,
                    "%s": %d,
                    "validation_split": %s,
                    "target_loss": %s,
                    "seed": %d,
                }
                """.formatted(str(t.loss()), dict(opt), dict(schedule),
                str(t.clipping().mode().name().toLowerCase(Locale.ROOT)), num(t.clipping().threshold()), t.batchSize(),
                length.unit() == TrainingLength.Unit.STEPS ? "steps" : "epochs", length.count(),
                num(t.validationSplit()), t.targetLoss() == null ? "None" : num(t.targetLoss()), t.seed());
    }

    /** Builds the module expressions, the initializer calls and the name map while walking the layers. */
    private static final class LayerWriter {
        final StringBuilder inits = new StringBuilder();
        final Map<String, String> names = new LinkedHashMap<>();
        int lastWidth;

        /** One resolved layer taking {@code width} inputs at Gradforge name {@code name}; sets {@link #lastWidth}. */
        String layer(LayerSpec spec, int width, String name, String indent) {
            lastWidth = width;
            return switch (spec) {
                case DenseSpec d -> dense(width, d.units(), Objects.requireNonNull(d.activation()),
                        Objects.requireNonNull(d.init()), Boolean.TRUE.equals(d.bias()) ? d.biasInit() : null, false, name);
                case ActivationLayerSpec a -> activation(a.activation(), width, name, name);
                case BatchNormSpec b -> {
                    norm(name, true);
                    yield "nn.BatchNorm1d(" + width + ", eps=" + num(b.eps()) + ", momentum=" + num(b.momentum())
                            + ", dtype=DTYPE)";
                }
                case LayerNormSpec l -> {
                    norm(name, false);
                    yield "nn.LayerNorm(" + width + ", eps=" + num(l.eps()) + ", dtype=DTYPE)";
                }
                case ResidualSpec r -> {
                    List<LayerSpec> branch = r.layers();
                    int lastDense = -1;
                    for (int i = 0; i < branch.size(); i++) if (branch.get(i) instanceof DenseSpec) lastDense = i;
                    String seq = branch(branch, width, name, indent, r.zeroInitLast() ? lastDense : -1);
                    int out = lastWidth;
                    String projection = "None";
                    if (r.projection() == Projection.ALWAYS || out != width) {
                        projection = "nn.Linear(" + width + ", " + out + ", bias=False, dtype=DTYPE)";
                        param(name + ".projection.weight", name + ".projection.weight", InitSpec.of("xavier_uniform"),
                                width, out);
                    }
                    if (r.branchScale().learned()) {
                        names.put(name + ".alpha", name + ".alpha");
                        inits.append("        nn.init.constant_(").append(attribute(name + ".alpha")).append(", ")
                                .append(num(r.branchScale().init())).append(")\n");
                    }
                    lastWidth = out;
                    yield "Residual(" + seq + ", projection=" + projection + ", scale=" + num(r.branchScale().init())
                            + ", learned=" + (r.branchScale().learned() ? "True" : "False") + ")";
                }
                case DenseSkipSpec k -> {
                    String seq = branch(k.layers(), width, name, indent, -1);
                    lastWidth = width + lastWidth;
                    yield "DenseSkip(" + seq + ")";
                }
                case RecurrentSpec r -> recurrent(r, width, name);
            };
        }

        private String branch(List<LayerSpec> layers, int width, String name, String indent, int zeroInit) {
            StringBuilder b = new StringBuilder("nn.Sequential(\n");
            int w = width;
            for (int i = 0; i < layers.size(); i++) {
                String child = name + ".branch." + i;
                String expr = i == zeroInit && layers.get(i) instanceof DenseSpec d
                        ? dense(w, d.units(), Objects.requireNonNull(d.activation()), Objects.requireNonNull(d.init()),
                                Boolean.TRUE.equals(d.bias()) ? d.biasInit() : null, true, child)
                        : layer(layers.get(i), w, child, indent + "    ");
                w = lastWidth;
                b.append(indent).append("    ").append(expr).append(",  # ").append(child).append('\n');
            }
            lastWidth = w;
            return b.append(indent).append(")").toString();
        }

        /**
         * A dense layer: nn.Linear alone when its activation is the identity, else nn.Sequential(nn.Linear, Act).
         * {@code zero} starts weight and bias at 0 (a residual branch's last dense layer with zero_init_last).
         */
        String dense(int in, int units, ActivationSpec activation, InitSpec init, @Nullable InitSpec biasInit,
                boolean zero, String name) {
            lastWidth = units;
            ActivationKind kind = kind(activation);
            String linear = "nn.Linear(" + in + ", " + units + ", bias=" + (biasInit != null ? "True" : "False")
                    + ", dtype=DTYPE)";
            String torch = kind == ActivationKind.IDENTITY ? name : name + ".0";
            param(torch + ".weight", name + ".weight", zero ? InitSpec.of("zeros") : init, in, units);
            if (biasInit != null) {
                param(torch + ".bias", name + ".bias", zero ? InitSpec.of("zeros") : biasInit, in, units);
            }
            if (kind == ActivationKind.IDENTITY) return linear;
            return "nn.Sequential(" + linear + ", " + activation(activation, units, name + ".1", name) + ")";
        }

        /**
         * nn.RNN / nn.LSTM / nn.GRU (batch_first) in a Recurrent wrapper that reshapes Gradforge's rows of steps x
         * features; the parameters keep PyTorch's layout and gate order, which are Gradforge's too. Each gate block
         * is initialized on its own, as core's Recurrent does.
         */
        private String recurrent(RecurrentSpec r, int width, String name) {
            int features = width / r.steps();
            int gates = switch (r.cell()) {
                case RNN -> 1;
                case LSTM -> 4;
                case GRU -> 3;
            };
            int h = r.units();
            for (String kind : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                names.put(name + ".cell." + kind + "_l0", name + "." + kind);
            }
            for (int g = 0; g < gates; g++) {
                String rows = "[" + g * h + ":" + (g + 1) * h + "]";
                initCall(attribute(name + ".cell.weight_ih_l0") + rows, r.init(), features, h);
                initCall(attribute(name + ".cell.weight_hh_l0") + rows, r.recurrentInit(), h, h);
            }
            inits.append("        nn.init.zeros_(").append(attribute(name + ".cell.bias_ih_l0")).append(")\n");
            inits.append("        nn.init.zeros_(").append(attribute(name + ".cell.bias_hh_l0")).append(")\n");
            if (r.cell() == RecurrentSpec.Cell.LSTM) {
                inits.append("        nn.init.constant_(").append(attribute(name + ".cell.bias_ih_l0")).append("[")
                        .append(h).append(":").append(2 * h).append("], ").append(num(r.forgetBias())).append(")\n");
            }
            lastWidth = r.sequences() ? r.steps() * h : h;
            return "Recurrent(" + str(r.cell().yamlName()) + ", " + features + ", " + h + ", " + r.steps() + ", "
                    + (r.sequences() ? "True" : "False") + ", " + str(r.activation().name()) + ")";
        }

        private String activation(ActivationSpec a, int width, String torchName, String gradforgeName) {
            ActivationKind kind = kind(a);
            double p = parameter(a, kind);
            if (kind == ActivationKind.PRELU) {
                names.put(torchName + ".slope", gradforgeName + ".slope");
                inits.append("        nn.init.constant_(").append(attribute(torchName + ".slope")).append(", ")
                        .append(num(p)).append(")\n");
            }
            return "Act(" + str(kind.yamlName()) + ", " + num(p) + ", " + width + ")";
        }

        private void norm(String name, boolean batch) {
            names.put(name + ".weight", name + ".gamma");
            names.put(name + ".bias", name + ".beta");
            if (batch) {
                names.put(name + ".running_mean", name + ".running_mean");
                names.put(name + ".running_var", name + ".running_var");
            }
            inits.append("        ").append(attribute(name)).append(".reset_parameters()\n");
        }

        private void param(String torchName, String gradforgeName, InitSpec init, int fanIn, int fanOut) {
            names.put(torchName, gradforgeName);
            initCall(attribute(torchName), init, fanIn, fanOut);
        }

        /** {@code init_(target, kind, param, fan_in, fan_out)}, with {@code mode="fan_in"} when variance-scaled. */
        private void initCall(String target, InitSpec init, int fanIn, int fanOut) {
            inits.append("        init_(").append(target).append(", ").append(str(initName(init))).append(", ")
                    .append(num(initParameter(init))).append(", ").append(fanIn).append(", ").append(fanOut);
            if (init.mode() != null) inits.append(", mode=").append(str(init.mode().yamlName()));
            inits.append(")\n");
        }
    }

    /** "layers.3.branch.0.0.weight" -> "self.layers[3].branch[0][0].weight". */
    static String attribute(String torchName) {
        StringBuilder b = new StringBuilder("self");
        for (String part : torchName.split("\\.")) {
            if (part.chars().allMatch(Character::isDigit)) b.append('[').append(part).append(']');
            else b.append('.').append(part);
        }
        return b.toString();
    }

    private static ActivationKind kind(ActivationSpec a) {
        return ActivationKind.parse(a.name())
                .orElseThrow(() -> new IllegalArgumentException("core has no activation '" + a.name() + "'"));
    }

    private static double parameter(ActivationSpec a, ActivationKind kind) {
        return kind.hasParameter() && !a.parameters().isEmpty() ? a.parameters().values().iterator().next()
                : kind.defaultParameter();
    }

    private static String initName(InitSpec i) {
        return InitKind.parse(i.name())
                .orElseThrow(() -> new IllegalArgumentException("core has no initializer '" + i.name() + "'")).yamlName();
    }

    private static double initParameter(InitSpec i) {
        InitKind kind = InitKind.parse(i.name()).orElseThrow();
        return kind.hasParameter() && !i.parameters().isEmpty() ? i.parameters().values().iterator().next()
                : kind.defaultParameter();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "math.nan";
        if (Double.isInfinite(v)) return v > 0 ? "math.inf" : "-math.inf";
        return Double.toString(v).replace("E", "e");
    }

    private static String nums(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) out.add(num(v));
        return "[" + String.join(", ", out) + "]";
    }

    /** A Python string literal. */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\x%02x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String strings(List<String> values) {
        return values.stream().map(PyTorchExport::str).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String dict(Map<String, String> entries) {
        return entries.entrySet().stream().map(e -> str(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String runtime() {
        try (InputStream in = PyTorchExport.class.getResourceAsStream("pytorch_runtime.py")) {
            if (in == null) throw new IllegalStateException("pytorch_runtime.py is missing from Gradforge's resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
