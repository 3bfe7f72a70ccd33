package io.gradforge.run.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.run.Experiment;
import io.gradforge.run.ExperimentRun;
import io.gradforge.run.Provenance;
import io.gradforge.run.SpecCompiler;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CheckpointTest {

    static NetworkSpec network() {
        return NetworkSpec.of(2, List.of(
                DenseSpec.of(8).withActivation(ActivationSpec.of("tanh")),
                BatchNormSpec.of(),
                new ActivationLayerSpec(ActivationSpec.of("prelu")),
                ResidualSpec.of(List.of(DenseSpec.of(8), BatchNormSpec.of())).withBranchScale(BranchScaleSpec.learned(0.5)),
                ResidualSpec.of(List.of(DenseSpec.of(6), LayerNormSpec.of())),
                DenseSkipSpec.of(List.of(DenseSpec.of(3)))), OutputSpec.of(1));
    }

    static ExperimentRun trained(FloatPrecision precision) throws IOException {
        TrainingSpec t = TrainingSpec.of(GeneratorData.of("two_spirals", Map.of("samples", 64.0)), "bce",
                TrainingLength.steps(20)).withBatchSize(16);
        t = t.withPrecision(precision).withSeed(3);
        return Experiment.run(ExperimentSpec.of("ckpt", network(), t), null, TrainingProbe.NONE, () -> false, 0);
    }

    static double[] evalForward(Network n, Precision precision) {
        double[] x = new double[10 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 1.7) * 2;
        }
        return n.forward(Tensor.of(precision, 10, 2, x), false).toDoubleArray();
    }

    @ParameterizedTest
    @EnumSource(FloatPrecision.class)
    void aLoadedNetworkComputesBitIdenticalOutputs(FloatPrecision fp, @TempDir Path dir) throws IOException {
        ExperimentRun run = trained(fp);
        assertEquals(TrainingStatus.COMPLETED, run.result().status());
        Precision precision = SpecCompiler.precision(run.spec().training());
        Network before = run.network();
        double[] expected = evalForward(before, precision);
        Path file = dir.resolve("model.json");
        Checkpoint.save(run.spec().network(), before, file);
        LoadedCheckpoint loaded = Checkpoint.load(file);
        assertEquals(run.spec().network(), loaded.spec());
        assertEquals(precision, loaded.network().precision());
        double[] actual = evalForward(loaded.network(), precision);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "output " + i);
        }
        // running statistics moved away from their initial 0 / 1 during training and came back exactly
        var stats = Checkpoint.buffers(loaded.network());
        assertEquals(4, stats.size());
        assertEquals("layers.1.running_mean", stats.get(0).getKey());
        assertEquals("layers.3.branch.1.running_var", stats.get(3).getKey());
        assertArrayEquals(Checkpoint.buffers(before).get(0).getValue().toDoubleArray(),
                stats.get(0).getValue().toDoubleArray());
        assertTrue(Math.abs(stats.get(0).getValue().get(0)) > 0);
        // saving the loaded network again gives the same bytes
        Path again = dir.resolve("again.json");
        Checkpoint.save(loaded.spec(), loaded.network(), loaded.provenance(), again);
        assertEquals(Files.readString(file), Files.readString(again));
    }

    @Test
    void theFileIsTheDocumentedJson(@TempDir Path dir) throws IOException {
        NetworkSpec spec = NetworkSpec.of(2, List.of(DenseSpec.of(3)), OutputSpec.of(1));
        Network net = SpecCompiler.network(spec, Precision.FLOAT64, 1);
        net.parameter("layers.0.bias").value().set(0, Double.NaN);
        net.parameter("layers.0.bias").value().set(1, -0.0);
        net.parameter("layers.0.bias").value().set(2, Double.NEGATIVE_INFINITY);
        Path file = dir.resolve("small.json");
        Checkpoint.save(spec, net, file);
        var tree = JsonMapper.shared().readTree(file.toFile());
        assertEquals("gradforge-checkpoint", tree.get("format").asString());
        assertEquals(1, tree.get("version").asInt());
        assertEquals("float64", tree.get("precision").asString());
        Provenance now = Provenance.current();
        assertEquals(List.copyOf(now.toMap().keySet()), List.copyOf(tree.get("provenance").propertyNames()));
        assertEquals(now.kernel(), tree.get("provenance").get("kernel").asString());
        assertEquals(now.cores(), tree.get("provenance").get("cores").asInt());
        assertTrue(tree.get("spec").asString().startsWith("input: 2\n"), tree.get("spec").asString());
        assertEquals("layers.0.weight", tree.get("parameters").get(0).get("name").asString());
        assertEquals(3, tree.get("parameters").get(0).get("shape").get(0).asInt());
        assertEquals(2, tree.get("parameters").get(0).get("shape").get(1).asInt());
        assertEquals(6, tree.get("parameters").get(0).get("data").size());
        assertEquals("NaN", tree.get("parameters").get(1).get("data").get(0).asString());
        assertEquals(0, tree.get("buffers").size());
        LoadedCheckpoint loaded = Checkpoint.load(file);
        assertEquals(now.withTime(loaded.provenance().time()), loaded.provenance());
        Network back = loaded.network();
        Tensor b = back.parameter("layers.0.bias").value();
        assertTrue(Double.isNaN(b.get(0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.get(1)));
        assertEquals(Double.NEGATIVE_INFINITY, b.get(2));
    }

    @Test
    void aCheckpointHasTheSamePermissionsAsOtherOutputsAndNoTemporaryFileStays(@TempDir Path dir) throws IOException {
        NetworkSpec spec = NetworkSpec.of(2, List.of(DenseSpec.of(3)), OutputSpec.of(1));
        Path file = dir.resolve("checkpoint.json");
        Checkpoint.save(spec, SpecCompiler.network(spec, Precision.FLOAT64, 1), file);
        Path other = Files.writeString(dir.resolve("loss.csv"), "step,loss\n");
        // createTempFile made checkpoints readable by their owner only (rw-------)
        assertEquals(Files.getPosixFilePermissions(other), Files.getPosixFilePermissions(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("checkpoint.json", "loss.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aNetworkThatIsNotTheSpecsIsRefusedOnSave(@TempDir Path dir) {
        NetworkSpec spec = NetworkSpec.of(2, List.of(DenseSpec.of(3)), OutputSpec.of(1));
        Network other = SpecCompiler.network(NetworkSpec.of(2, List.of(DenseSpec.of(4)), OutputSpec.of(1)),
                Precision.FLOAT64, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(spec, other, dir.resolve("x.json")));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void corruptFilesGiveClearErrors(@TempDir Path dir) throws IOException {
        NetworkSpec spec = NetworkSpec.of(2, List.of(DenseSpec.of(3), BatchNormSpec.of()), OutputSpec.of(1));
        Path good = dir.resolve("good.json");
        Checkpoint.save(spec, SpecCompiler.network(spec, Precision.FLOAT64, 1), good);
        String text = Files.readString(good);

        assertProblem(dir, "missing.json", text.replaceFirst("\"layers\\.0\\.bias\"", "\"layers.0.bias_x\""),
                "'layers.0.bias_x' is not in the spec's network");
        assertProblem(dir, "shape.json", text.replace("\"shape\": [3, 2]", "\"shape\": [2, 3]"),
                "has shape [2, 3] in the file but the spec's network needs [3, 2]");
        assertProblem(dir, "format.json", text.replace("gradforge-checkpoint", "something-else"),
                "\"format\" must be \"gradforge-checkpoint\"");
        assertProblem(dir, "version.json", text.replace("\"version\": 1", "\"version\": 2"),
                "version 2 is newer");
        assertProblem(dir, "json.json", text.substring(0, text.length() / 2), "not valid JSON");
        assertProblem(dir, "value.json", text.replaceFirst("\"data\": \\[", "\"data\": [true, "), "values but its shape");
        assertProblem(dir, "spec.json", text.replace("input: 2", "input: -2"), "the \"spec\" is not a valid network");
        assertProblem(dir, "precision.json", text.replace("float64", "float16"), "\"precision\" must be");
        // a whole parameter entry removed
        String noBuffers = text.substring(0, text.indexOf("\"buffers\"")) + "\"buffers\": []\n}\n";
        assertProblem(dir, "buffers.json", noBuffers, "missing buffer ['layers.1.running_mean' [1, 3]");
    }

    private static void assertProblem(Path dir, String name, String content, String expected) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
    }
}
