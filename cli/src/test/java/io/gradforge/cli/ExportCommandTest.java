package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
              output: {units: 1, bias: true}
            training:
              data: {generator: circles, samples: 64, noise: 0.05, factor: 0.5}
              loss: binary_cross_entropy
              optimizer: {name: sgd, learning_rate: 0.1}
              batch_size: 16
              steps: 10
            """;

    @TempDir
    Path dir;

    @Test
    void exportsADenseChainAsATorchModule() throws Exception {
        Path spec = dir.resolve("chain.yaml");
        Files.writeString(spec, SPEC);
        Path out = dir.resolve("model.py");
        var r = gradforge("export", spec.toString(), "--format", "pytorch", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String py = Files.readString(out);
        assertTrue(py.contains("class GradforgeNet(nn.Module)"), py);
        assertTrue(py.contains("Act(\"leaky_relu\", 0.2, 4)"), py);
        assertTrue(py.contains("nn.BatchNorm1d(4"), py);
        assertTrue(py.contains("nn.LayerNorm(5"), py);
        assertTrue(py.contains("Act(\"prelu\", 0.1, 3)"), py);
        assertTrue(py.contains("DTYPE = torch.float64"), py);
        assertFalse(py.contains("gradforge import"), py);
    }

    @Test
    void badInputsAreOneLineErrorsWithExitTwo() throws Exception {
        Path spec = dir.resolve("chain.yaml");
        Files.writeString(spec, SPEC);
        Path notSpec = dir.resolve("x.json");
        Files.writeString(notSpec, "{\"hello\": 1}");
        String[][] cases = {
                {"export", dir.resolve("missing.yaml").toString(), "--format", "pytorch", "--out", dir.resolve("a.py").toString()},
                {"export", notSpec.toString(), "--format", "pytorch", "--out", dir.resolve("a.py").toString()},
                {"export", spec.toString(), "--format", "tensorflow", "--out", dir.resolve("a.py").toString()},
                {"export", spec.toString(), "--format", "pytorch", "--out", dir.resolve("no/such/dir/a.py").toString()},
        };
        for (String[] args : cases) {
            var r = gradforge(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    /**
     * The acceptance check of issue 17 for the families exported so far: diagnose --export (float64), export the
     * checkpoint, and in PyTorch (Debian's python3-torch) compare output, loss and every gradient with probe.json,
     * relative error <= 1e-9. Skipped where /usr/bin/python3 cannot import torch.
     */
    @Test
    void pytorchReproducesTheProbeOfEveryActivation() throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "python3-torch is not installed");
        Path script = Path.of("src", "test", "resources", "export", "compare_probe.py").toAbsolutePath();
        for (String activation : List.of("gelu", "sigmoid", "tanh", "relu", "{name: elu, alpha: 0.7}",
                "{name: swish, beta: 1.5}", "softplus", "identity")) {
            Path case_ = Files.createTempDirectory(dir, "case");
            Path spec = case_.resolve("chain.yaml");
            Files.writeString(spec, SPEC.replace("activation: gelu", "activation: " + activation));
            Path probe = case_.resolve("probe");
            assertEquals(0, gradforge("diagnose", spec.toString(), "--export", probe.toString(), "-q").code());
            Path model = case_.resolve("model.py");
            var r = gradforge("export", probe.resolve("checkpoint.json").toString(), "--format", "pytorch",
                    "--out", model.toString());
            assertEquals(0, r.code(), r.err());
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), model.toString(), probe.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), activation + ":\n" + output);
        }
    }

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
