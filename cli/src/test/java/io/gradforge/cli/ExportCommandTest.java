package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradforge export}. The PyTorch checks (issue 17) run the exported module under Debian's python3-torch
 * ({@code /usr/bin/python3}) with {@code src/test/resources/export/compare_probe.py} and are skipped where torch is
 * not installed: output, loss and every parameter gradient against {@code diagnose --export} at 1e-9 relative in
 * float64 for every layer type and activation family, a trained checkpoint's weights, the training loop's steps
 * against {@code train --out}, and the initializers' distributions.
 */
class ExportCommandTest {
    private static final String SPEC = """
            version: 1
            name: export-chain
            network:
              input: 2
              layers:
                - dense: {units: 4, activation: {name: leaky_relu, alpha: 0.2}}
                - batch_norm: {eps: 1.0e-5, momentum: 0.1}
                - activation: selu
                - dense: {units: 5, activation: gelu}
                - layer_norm: {eps: 1.0e-5}
                - dense: {units: 3, activation: {name: prelu, init: 0.1}}
                - activation: {name: prelu, init: 0.3}
              output: {units: 1, bias: true}
            training:
              data: {generator: circles, samples: 64, noise: 0.05, factor: 0.5}
              loss: binary_cross_entropy
              optimizer: {name: sgd, learning_rate: 0.1}
              batch_size: 16
              steps: 10
            """;

    /** Every block: a projected residual with a fixed scale, a learned ReZero-style scale, a dense skip, norms. */
    private static final String BLOCKS = """
            version: 1
            name: export-blocks
            network:
              input: 2
              defaults: {activation: tanh, init: xavier_normal}
              layers:
                - dense: 6
                - residual:
                    layers: [{dense: 8}, {batch_norm: {}}, {dense: {units: 5, activation: elu}}]
                    branch_scale: 0.5
                    projection: always
                - residual:
                    layers: [{dense: 5}, {layer_norm: {}}, {dense: {units: 5, activation: swish}}]
                    branch_scale: {init: 0.3, learned: true}
                    zero_init_last: false
                - dense_skip:
                    layers: [{dense: {units: 4, activation: relu}}, {batch_norm: {momentum: 0.2}}]
                - dense: {units: 7, activation: softplus, bias: false}
              output: {units: 3}
            training:
              data: {generator: blobs, samples: 64, classes: 3, dims: 2, spread: 1.0}
              loss: softmax_cross_entropy
              optimizer: {name: adam, learning_rate: 0.01}
              batch_size: 32
              steps: 30
            """;

    /** Every recurrent cell, stacked: an lstm returning its sequence, a gru, a relu rnn with the identity init. */
    private static final String RECURRENT = """
            version: 1
            name: export-recurrent
            network:
              input: 12
              layers:
                - lstm: {units: 5, steps: 6, sequences: true, forget_bias: 2}
                - gru: {units: 4, steps: 6, sequences: true}
                - rnn: {units: 3, steps: 6, activation: relu, recurrent_init: {name: identity, scale: 0.5}}
                - dense: {units: 4, activation: tanh}
              output: {units: 1}
            training:
              data: {generator: adding, samples: 64, steps: 6}
              loss: mse
              optimizer: {name: adam, learning_rate: 0.01}
              batch_size: 16
              steps: 20
            """;

    @TempDir
    Path dir;

    @Test
    void exportsASpecAsATorchModuleWithItsInitializersAndTrainingLoop() throws Exception {
        Path spec = write("chain.yaml", SPEC);
        Path out = dir.resolve("model.py");
        var r = gradforge("export", spec.toString(), "--format", "pytorch", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String py = Files.readString(out);
        for (String line : List.of("class GradforgeNet(nn.Module)", "Act(\"leaky_relu\", 0.2, 4)",
                "nn.BatchNorm1d(4, eps=1.0e-5, momentum=0.1, dtype=DTYPE)", "nn.LayerNorm(5", "Act(\"prelu\", 0.1, 3)",
                "DTYPE = torch.float64", "CHECKPOINT = None", "Spec: " + spec + ".", "Seed: 42",
                "init_(self.layers[0][0].weight, \"he_normal\", 0.0, 2, 4)",
                "init_(self.layers[7].weight, \"xavier_uniform\", 0.0, 3, 1)",
                "nn.init.constant_(self.layers[5][1].slope, 0.1)", "nn.init.constant_(self.layers[6].slope, 0.3)",
                "\"layers.5.1.slope\": \"layers.5.slope\"", "\"layers.1.weight\": \"layers.1.gamma\"",
                "\"optimizer\": {\"name\": \"sgd\", \"learning_rate\": 0.1, \"weight_decay\": 0.0}",
                "\"batch_size\": 16,", "\"steps\": 10,", "def train(model, x, y, **overrides):")) {
            assertTrue(py.contains(line), line + " in\n" + py);
        }
        assertFalse(py.contains("gradforge import"), py);
        assertFalse(Files.exists(dir.resolve("model.checkpoint.json")));
    }

    /** Truncated BPTT is not written into the exported loop: train() refuses, naming the layers; the module stays. */
    @Test
    void aTruncatedSpecExportsItsNetworkAndATrainLoopThatRefuses() throws Exception {
        Path spec = write("truncated.yaml", RECURRENT
                .replace("sequences: true, forget_bias: 2}", "sequences: true, forget_bias: 2, truncation: 3}")
                .replace("- gru: {units: 4, steps: 6, sequences: true}",
                        "- gru: {units: 4, steps: 6, sequences: true, truncation: {k1: 2, k2: 4}}"));
        Path out = dir.resolve("truncated.py");
        var r = gradforge("export", spec.toString(), "--format", "pytorch", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String py = Files.readString(out);
        assertTrue(py.contains("class GradforgeNet(nn.Module)"), py);
        String refusal = "raise NotImplementedError(\"the spec trains layers.0 (truncation 3), layers.1 (truncation 2/4)"
                + " by truncated BPTT";
        assertTrue(py.contains(refusal), py);
        // the refusing train() comes after the runtime's, so it is the one a caller gets
        assertTrue(py.lastIndexOf("def train(model, x, y, **overrides):") > py.indexOf("TRAINING = {"), py);
    }

    @Test
    void badInputsAreOneLineErrorsWithExitTwo() throws Exception {
        Path spec = write("chain.yaml", SPEC);
        Path blocks = write("blocks.yaml", BLOCKS);
        Path notCheckpoint = write("x.json", "{\"hello\": 1}");
        Path search = Path.of("..", "specs", "quickstart.yaml");
        Path trained = dir.resolve("trained");
        assertEquals(0, gradforge("train", spec.toString(), "--steps", "2", "--out", trained.toString(), "-q").code());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        String a = dir.resolve("a.py").toString();
        String[][] cases = {
                {"export", dir.resolve("missing.yaml").toString(), "--format", "pytorch", "--out", a},
                {"export", notCheckpoint.toString(), "--format", "pytorch", "--out", a},
                {"export", empty.toString(), "--format", "pytorch", "--out", a},
                {"export", search.toString(), "--format", "pytorch", "--out", a},
                {"export", spec.toString(), "--format", "tensorflow", "--out", a},
                {"export", spec.toString(), "--format", "pytorch", "--out", dir.resolve("no/such/dir/a.py").toString()},
                {"export", spec.toString(), "--format", "pytorch", "--out", dir.toString()},
                {"export", spec.toString(), "--spec", spec.toString(), "--format", "pytorch", "--out", a},
                {"export", trained.toString(), "--spec", blocks.toString(), "--format", "pytorch", "--out", a},
                {"export", trained.toString(), "--spec", dir.resolve("none.yaml").toString(), "--format", "pytorch",
                        "--out", a},
        };
        for (String[] args : cases) {
            var r = gradforge(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(Path.of(a)), String.join(" ", args));
        }
        var other = gradforge("export", trained.toString(), "--spec", blocks.toString(), "--format", "pytorch", "--out", a);
        assertEquals("gradforge: --spec " + blocks + " is not the spec " + trained.resolve("checkpoint.json")
                + " was trained from: it holds another network than experiment 'export-blocks' (83 parameters there,"
                + " 355 here, or other layers)\n", other.err());
    }

    /**
     * Each activation family in one network: output, loss and gradients of diagnose --export's probe; and
     * torch.onnx.export of the module runs.
     */
    @Test
    void pytorchReproducesTheProbeOfEveryActivation() throws Exception {
        assumeTorch();
        List<String> checks = new ArrayList<>();
        for (String activation : List.of("gelu", "sigmoid", "tanh", "relu", "{name: elu, alpha: 0.7}",
                "{name: swish, beta: 1.5}", "softplus", "identity")) {
            Path case_ = Files.createTempDirectory(dir, "case");
            Path spec = Files.writeString(case_.resolve("chain.yaml"), SPEC.replace("activation: gelu", "activation: "
                    + activation));
            Path probe = case_.resolve("probe");
            assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--export", probe.toString(), "-q")
                    .code());
            Path model = export(spec, case_.resolve("model.py"));
            checks.addAll(List.of("probe", model.toString(), probe.toString(), ";", "onnx", model.toString(),
                    probe.toString(), ";"));
        }
        assertEquals(null, python(checks.toArray(String[]::new)));
    }

    /**
     * Residual (projection, fixed and learned scale), dense skip, batch and layer norm, softmax cross-entropy; and
     * torch.onnx.export of the module runs.
     */
    @Test
    void pytorchReproducesTheProbeOfEveryBlock() throws Exception {
        assumeTorch();
        Path spec = write("blocks.yaml", BLOCKS);
        Path probe = dir.resolve("probe");
        assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--export", probe.toString(), "-q").code());
        Path model = export(spec, dir.resolve("model.py"));
        assertEquals(null, python("probe", model.toString(), probe.toString(), ";", "onnx", model.toString(),
                probe.toString()));
    }

    /**
     * Recurrent layers export as nn.LSTM / nn.GRU / nn.RNN (batch_first, Gradforge's layout being PyTorch's): the
     * probe's output, loss and every gradient, a trained checkpoint's weights, the per-gate initializers, and
     * torch.onnx.export of the module runs.
     */
    @Test
    void pytorchReproducesTheProbeOfRecurrentLayers() throws Exception {
        Path spec = write("recurrent.yaml", RECURRENT);
        String py = Files.readString(export(spec, dir.resolve("rec.py")));
        for (String line : List.of("Recurrent(\"lstm\", 2, 5, 6, True, \"tanh\")",
                "Recurrent(\"rnn\", 4, 3, 6, False, \"relu\")",
                "init_(self.layers[0].cell.weight_hh_l0[15:20], \"orthogonal\", 1.0, 5, 5)",
                "nn.init.constant_(self.layers[0].cell.bias_ih_l0[5:10], 2.0)",
                "init_(self.layers[2].cell.weight_hh_l0[0:3], \"identity\", 0.5, 3, 3)",
                "\"layers.1.cell.weight_ih_l0\": \"layers.1.weight_ih\"")) {
            assertTrue(py.contains(line), line + " in\n" + py);
        }
        assumeTorch();
        Path probe = dir.resolve("probe");
        assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--export", probe.toString(), "-q").code());
        assertEquals(null, python("probe", dir.resolve("rec.py").toString(), probe.toString(), ";", "onnx",
                dir.resolve("rec.py").toString(), probe.toString()));
        Path trained = dir.resolve("trained");
        assertEquals(0, gradforge("train", spec.toString(), "--out", trained.toString(), "-q").code());
        Path atCheckpoint = dir.resolve("probe-trained");
        assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--init-from",
                trained.resolve("checkpoint.json").toString(), "--export", atCheckpoint.toString(), "-q").code());
        var r = gradforge("export", trained.toString(), "--spec", spec.toString(), "--format", "pytorch", "--out",
                dir.resolve("net.py").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(null, python("probe", dir.resolve("net.py").toString(), atCheckpoint.toString(), "trained"));
    }

    /**
     * A checkpoint of train --out exports with its trained weights (and batch-norm running statistics), loaded by
     * GradforgeNet() from the copy beside the module: they equal diagnose --init-from --export's, and the module
     * reproduces the probe at them.
     */
    @Test
    void aTrainedCheckpointExportsWithItsWeights() throws Exception {
        assumeTorch();
        Path spec = write("blocks.yaml", BLOCKS);
        Path trained = dir.resolve("trained");
        assertEquals(0, gradforge("train", spec.toString(), "--out", trained.toString(), "-q").code());
        Path probe = dir.resolve("probe");
        assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--init-from",
                trained.resolve("checkpoint.json").toString(), "--export", probe.toString(), "-q").code());
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        var r = gradforge("export", trained.toString(), "--spec", spec.toString(), "--format", "pytorch", "--out",
                elsewhere.resolve("net.py").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(trained.resolve("checkpoint.json")),
                Files.readString(elsewhere.resolve("net.checkpoint.json")));
        String py = Files.readString(elsewhere.resolve("net.py"));
        assertTrue(py.contains("CHECKPOINT = \"net.checkpoint.json\""), py);
        assertTrue(py.contains("Checkpoint: " + trained.resolve("checkpoint.json") + ", written by Gradforge "), py);
        assertTrue(py.contains("def train("), py);
        assertEquals(null, python("probe", elsewhere.resolve("net.py").toString(), probe.toString(), "trained"));
    }

    /**
     * The exported training loop takes the same steps as Gradforge: from the same initial weights, on the whole data
     * set as one batch (so the shuffle does not matter), every parameter and running statistic after train --out's
     * steps within 1e-9, for each update rule with weight decay, each clipping mode and each schedule with warm-up.
     */
    @Test
    void theTrainingLoopTakesGradforgesSteps() throws Exception {
        assumeTorch();
        List<String> checks = new ArrayList<>();
        for (String training : List.of(
                "optimizer: {name: adam, learning_rate: 0.05, weight_decay: 0.01}\n  clipping: {norm: 0.5}\n"
                        + "  schedule: {name: cosine, warmup_steps: 1, min_factor: 0.1}",
                "optimizer: {name: nesterov, learning_rate: 0.1, momentum: 0.8, weight_decay: 0.001}\n"
                        + "  clipping: {value: 0.05}\n  schedule: {name: step, every: 2, gamma: 0.5}",
                "optimizer: {name: adamw, learning_rate: 0.02, weight_decay: 0.1, beta1: 0.8, epsilon: 1.0e-6}",
                "optimizer: {name: rmsprop, learning_rate: 0.01, alpha: 0.9, weight_decay: 0.01}",
                "optimizer: {name: momentum, learning_rate: 0.1}",
                "optimizer: {name: sgd, learning_rate: 0.1, weight_decay: 0.05}")) {
            Path case_ = Files.createTempDirectory(dir, "case");
            Path spec = Files.writeString(case_.resolve("s.yaml"), BLOCKS
                    .replace("optimizer: {name: adam, learning_rate: 0.01}", training)
                    .replace("batch_size: 32", "batch_size: 64").replace("steps: 30", "steps: 4"));
            Path init = case_.resolve("init");
            assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "1", "--export", init.toString(), "-q")
                    .code());
            assertEquals(0, gradforge("train", spec.toString(), "--out", case_.resolve("trained").toString(), "-q")
                    .code());
            Path model = export(spec, case_.resolve("model.py"));
            checks.addAll(List.of("steps", model.toString(), init.toString(),
                    case_.resolve("trained/checkpoint.json").toString(), ";"));
        }
        assertEquals(null, python(checks.toArray(String[]::new)));
    }

    /**
     * GradforgeNet(trained=False) draws from each initializer's distribution (variance, range, orthogonality); the
     * variance-scaled ones on layers that change the width, so each fan mode's fan differs from the others.
     */
    @Test
    void initializersDrawGradforgesDistributions() throws Exception {
        assumeTorch();
        StringBuilder layers = new StringBuilder();
        for (String init : List.of("{name: normal, std: 0.5}", "{name: uniform, limit: 0.3}", "glorot_standard",
                "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
                "{name: orthogonal, gain: 1.3}")) {
            layers.append("    - dense: {units: 96, init: ").append(init).append("}\n");
        }
        for (String[] unitsInit : new String[][] {{"160", "{name: normal, variance_scale: 2.0, mode: fan_out}"},
                {"48", "{name: uniform, variance_scale: 1.5, mode: fan_avg}"},
                {"128", "{name: normal, variance_scale: 0.7, mode: fan_in}"},
                {"96", "{name: uniform, variance_scale: 3.0, mode: fan_in}"}}) {
            layers.append("    - dense: {units: ").append(unitsInit[0]).append(", init: ").append(unitsInit[1])
                    .append("}\n");
        }
        Path spec = write("init.yaml", """
                version: 1
                name: export-init
                network:
                  input: 64
                  defaults: {activation: tanh, bias: true, bias_init: {name: constant, value: 0.1}}
                  layers:
                    - dense: {units: 96, init: {name: orthogonal, gain: 0.7}}
                %s    - residual: {layers: [{dense: 96}], zero_init_last: true}
                  output: {units: 1, init: zeros, bias: false}
                training:
                  data: {generator: teacher, samples: 32, inputs: 64}
                  loss: mse
                  batch_size: 32
                  steps: 1
                """.formatted(layers));
        Path probe = dir.resolve("probe");
        var d = gradforge("diagnose", spec.toString(), "--export", probe.toString(), "-q");
        assertEquals(0, d.code(), d.err());
        Path model = export(spec, dir.resolve("model.py"));
        String text = Files.readString(model);
        for (String call : List.of("\"normal\", 2.0, 96, 160, mode=\"fan_out\")",
                "\"uniform\", 1.5, 160, 48, mode=\"fan_avg\")", "\"normal\", 0.7, 48, 128, mode=\"fan_in\")",
                "\"normal\", 0.5, 96, 96)")) {
            assertTrue(text.contains(call), call);
        }
        assertEquals(null, python("init", model.toString(), probe.toString()));
    }

    /** The winner of specs/quickstart.yaml (residual swish blocks) exports and reproduces its probe. */
    @Test
    @Tag("slow")
    void theQuickstartWinnerExportsAndMatches() throws Exception {
        assumeTorch();
        Path run = dir.resolve("qs");
        assertEquals(0, gradforge("search", Path.of("..", "specs", "quickstart.yaml").toString(), "--out", run.toString(),
                "-q").code());
        Path probe = dir.resolve("probe");
        Path best = run.resolve("best.yaml");
        assertEquals(0, gradforge("diagnose", best.toString(), "--steps", "1", "--export", probe.toString(), "-q").code());
        assertEquals(null, python("probe", export(best, dir.resolve("model.py")).toString(), probe.toString()));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Path export(Path spec, Path model) {
        var r = gradforge("export", spec.toString(), "--format", "pytorch", "--out", model.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        return model;
    }

    /** Runs compare_probe.py (checks separated by ";"); null when every check passes, else its output. */
    private static String python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                Path.of("src", "test", "resources", "export", "compare_probe.py").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? null : output;
    }

    private static void assumeTorch() {
        Assumptions.assumeTrue(TORCH, "python3-torch is not installed");
    }

    private static final boolean TORCH = torchAvailable();

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
