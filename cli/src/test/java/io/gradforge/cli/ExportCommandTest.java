package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
