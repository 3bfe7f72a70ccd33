package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.DataFileException;
import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Truncation;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.ScheduleSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class SpecCompilerTest {

    static final Path SPECS = Path.of("..", "specs");

    static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(SPECS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The experiment a spec file stands for: itself, or a search's largest candidate with its base training. */
    static ExperimentSpec experimentOf(Spec spec) {
        return switch (spec) {
            case ExperimentSpec e -> e;
            case SearchSpec s -> ExperimentSpec.of(s.name(), s.space().largestCandidate(), s.training());
        };
    }

    @TestFactory
    Stream<DynamicTest> everyExampleCompilesAndRunsBriefly() throws IOException {
        return exampleFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ExperimentSpec spec = small(experimentOf(SpecReader.read(file)));
            // pretraining one step a layer, then 5 supervised steps
            var p = spec.training().pretraining();
            if (p != null) spec = spec.withTraining(spec.training().withPretraining(p.withStepsPerLayer(1)));
            long pretraining = p == null ? 0 : io.gradforge.dsl.spec.PretrainingSpec.hiddenLayers(spec.network());
            ExperimentRun run = Experiment.run(spec, file, TrainingProbe.NONE, () -> false, 5 + pretraining);
            TrainingResult r = run.result();
            assertTrue(r.status() == TrainingStatus.DIVERGED || Double.isFinite(r.lastLoss()), r.toString());
            if (r.status() != TrainingStatus.DIVERGED) {
                assertEquals(5, r.steps());
            }
            assertEquals((long) spec.network().shape().parameters(), run.network().parameterCount(), "parameter count");
            assertEquals(spec.network().output().units(), run.network().outputSize());
            assertEquals(SpecCompiler.precision(spec.training()), run.network().precision());
        }));
    }

    /**
     * The spec with generated data cut to at most 128 samples: the trainer's final full-data evaluation of
     * selu32 (8M parameters) on 2000 samples alone costs seconds, and the build shares 2 cores.
     */
    static ExperimentSpec small(ExperimentSpec spec) {
        if (!(spec.training().data() instanceof GeneratorData g) || !g.parameters().containsKey("samples")) {
            return spec;
        }
        var params = new LinkedHashMap<>(g.parameters());
        params.put("samples", Math.min(128.0, params.get("samples")));
        return spec.withTraining(spec.training().withData(GeneratorData.of(g.generator(), params)));
    }

    @TestFactory
    Stream<DynamicTest> sameSeedGivesBitIdenticalWeights() throws IOException {
        return exampleFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            NetworkSpec spec = experimentOf(SpecReader.read(file)).network();
            Network a = SpecCompiler.network(spec, Precision.FLOAT64, 7);
            Network b = SpecCompiler.network(spec, Precision.FLOAT64, 7);
            Network c = SpecCompiler.network(spec, Precision.FLOAT64, 8);
            assertEquals(names(a), names(b));
            boolean differs = false;
            for (int i = 0; i < a.parameters().size(); i++) {
                double[] x = a.parameters().get(i).value().toDoubleArray();
                assertArrayEquals(x, b.parameters().get(i).value().toDoubleArray(), a.parameters().get(i).name());
                differs |= !Arrays.equals(x, c.parameters().get(i).value().toDoubleArray());
            }
            assertTrue(differs, "another seed gives other weights");
        }));
    }

    private static List<String> names(Network n) {
        return n.parameters().stream().map(Parameter::name).toList();
    }

    @Test
    void teacherDataHasTheSpecsInputMeanAndVariance() throws IOException {
        GeneratorData g = GeneratorData.of("teacher", Map.of("samples", 5000.0, "inputs", 4.0, "mean", -2.0,
                "variance", 9.0));
        Dataset d = SpecCompiler.dataset(g, null, 3);
        double[] x = d.features();
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertEquals(-2.0, mean, 0.1, "20000 draws: standard error 0.02");
        assertEquals(9.0, var, 0.3, "standard error 0.09");
        assertEquals(Datasets.teacher(5000, 4, 1, 16, 2, -2.0, 9.0, 3), d);
    }

    @Test
    void layersFollowTheSpecInOrderWithOutputLast() {
        NetworkSpec spec = NetworkSpec.of(3, List.of(
                DenseSpec.of(8).withActivation(ActivationSpec.of("tanh")).withBias(false),
                BatchNormSpec.of(),
                new ActivationLayerSpec(ActivationSpec.of("prelu")),
                ResidualSpec.of(List.of(DenseSpec.of(8), LayerNormSpec.of())),
                ResidualSpec.of(List.of(DenseSpec.of(5))).withBranchScale(BranchScaleSpec.learned(0)),
                ResidualSpec.of(List.of(DenseSpec.of(5))).withProjection(Projection.ALWAYS).withZeroInitLast(true),
                DenseSkipSpec.of(List.of(DenseSpec.of(4).withActivation(ActivationSpec.of("leaky_relu", Map.of("alpha", 0.2)))))),
                OutputSpec.of(2).withActivation(ActivationSpec.of("prelu")));
        Network net = SpecCompiler.network(spec, Precision.FLOAT32, 1);
        assertEquals(8, net.layers().size());
        Dense first = assertInstanceOf(Dense.class, net.layers().get(0));
        assertEquals(ActivationKind.TANH, first.activation().kind());
        assertNull(first.bias());
        Residual same = assertInstanceOf(Residual.class, net.layers().get(3));
        assertNull(same.projection(), "AUTO with equal widths: identity skip");
        Residual narrowing = assertInstanceOf(Residual.class, net.layers().get(4));
        assertNotNull(narrowing.projection(), "AUTO with 8 -> 5: projection");
        assertNotNull(net.parameter("layers.4.alpha"));
        Residual always = assertInstanceOf(Residual.class, net.layers().get(5));
        assertNotNull(always.projection());
        Dense zeroed = (Dense) always.branch().get(0);
        assertEquals(0.0, zeroed.weight().squaredNorm());
        ConcatSkip skip = assertInstanceOf(ConcatSkip.class, net.layers().get(6));
        assertEquals(9, skip.outputSize());
        Dense skipDense = (Dense) skip.branch().get(0);
        assertEquals(0.2, skipDense.activation().parameter());
        Dense out = assertInstanceOf(Dense.class, net.layers().get(7));
        assertEquals(2, out.outputSize());
        assertNotNull(out.slope());
        assertEquals(Precision.FLOAT32, net.precision());
        assertEquals((long) spec.shape().parameters(), net.parameterCount());
    }

    @Test
    void recurrentLayersKeepTheirTruncation() {
        NetworkSpec spec = NetworkSpec.of(40, List.of(
                RecurrentSpec.of(RecurrentSpec.Cell.LSTM, 6, 20).withSequences(true).withTruncation(TruncationSpec.of(5, 10)),
                RecurrentSpec.of(RecurrentSpec.Cell.GRU, 4, 20).withTruncation(TruncationSpec.of(20)),
                RecurrentSpec.of(RecurrentSpec.Cell.RNN, 3, 1)), OutputSpec.of(1));
        Network net = SpecCompiler.network(spec, Precision.FLOAT64, 1);
        assertEquals(Truncation.of(5, 10), assertInstanceOf(Recurrent.class, net.layers().get(0)).truncation());
        assertEquals(Truncation.of(20), ((Recurrent) net.layers().get(1)).truncation());
        assertNull(((Recurrent) net.layers().get(2)).truncation(), "absent: full BPTT");
    }

    @Test
    void trainerHonoursOverridesAndTargetLoss() {
        TrainingSpec t = TrainingSpec.of(GeneratorData.of("sine", Map.of("samples", 64.0)), "mse",
                TrainingLength.steps(3)).withBatchSize(16).withSeed(9);
        var trainer = SpecCompiler.trainer(t, 0.5, ClippingSpec.norm(1.0));
        assertEquals(16, trainer.batchSize());
        assertEquals(9, trainer.seed());
        NetworkSpec net = NetworkSpec.of(1, List.of(DenseSpec.of(4)), OutputSpec.of(1));
        Dataset data = Datasets64.sine();
        TrainingResult r = trainer.fit(SpecCompiler.network(net, Precision.FLOAT64, 9), data);
        assertEquals(3, r.steps());
    }

    /** Small fixed data for trainer tests. */
    static final class Datasets64 {
        static Dataset sine() {
            return Datasets.sine(64, 0.0, 1);
        }
    }

    @Test
    void everyOptimizerAndScheduleCompiles() {
        for (String opt : List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop")) {
            for (var schedule : List.of(ScheduleSpec.constant(),
                    ScheduleSpec.of("step", 2, Map.of("every", 2.0)),
                    ScheduleSpec.of("cosine", 0, Map.of()))) {
                TrainingSpec t = TrainingSpec.of(GeneratorData.of("sine", Map.of("samples", 64.0)), "mse",
                                TrainingLength.epochs(1))
                        .withOptimizer(new OptimizerSpec(opt, 0.01, Map.of())).withSchedule(schedule)
                        .withClipping(ClippingSpec.value(1.0)).withBatchSize(8).withValidationSplit(0.25)
                        .withTargetLoss(0.001).withPrecision(FloatPrecision.FLOAT32).withSeed(3);
                ExperimentSpec e = ExperimentSpec.of("opt", NetworkSpec.of(1, List.of(DenseSpec.of(4)), OutputSpec.of(1)), t);
                ExperimentRun run = assertDoesNotThrowRun(e);
                assertFalse(run.result().lossCurve().length == 0, opt);
            }
        }
    }

    private static ExperimentRun assertDoesNotThrowRun(ExperimentSpec e) {
        try {
            return Experiment.run(e, null);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aDataPathThatIsADirectoryOrMissingIsNamedBeforeReading(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path specFile = dir.resolve("exp.yaml");
        var e = assertThrows(io.gradforge.core.data.DataFileException.class,
                () -> SpecCompiler.dataset(CsvData.of("data", "label"), specFile, 1));
        assertEquals(dir.resolve("data") + ": is a directory, not a data file; give the file's path in " + specFile
                + " (relative paths are relative to the spec file)", e.getMessage());
        var missing = assertThrows(NoSuchFileException.class,
                () -> SpecCompiler.checkDataFiles(CsvData.of("data/none.csv", "label"), specFile));
        assertEquals(dir.resolve("data/none.csv").toString(), missing.getFile());
        assertEquals("check the data path in " + specFile + "; relative paths are relative to the spec file",
                missing.getReason());
    }

    @Test
    void csvIsReadRelativeToTheSpecFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("data/points.csv"), csv);
        Path specFile = dir.resolve("exp.yaml");
        Dataset auto = SpecCompiler.dataset(CsvData.of("data/points.csv", "label"), specFile, 1);
        assertEquals(TaskKind.REGRESSION, auto.task(), "numeric labels under auto are a regression target");
        Dataset cls = SpecCompiler.dataset(new CsvData("data/points.csv", "label", CsvTask.CLASSIFICATION, true),
                specFile, 1);
        assertEquals(TaskKind.BINARY, cls.task());
        assertEquals(2, cls.inputSize());
        assertThrows(NoSuchFileException.class,
                () -> SpecCompiler.dataset(CsvData.of("data/points.csv", "label"), dir.resolve("elsewhere/x.yaml"), 1));
        Files.writeString(dir.resolve("data/bad.csv"), "a,label\n1,0\nx,1\n");
        IOException e = assertThrows(IOException.class,
                () -> SpecCompiler.dataset(CsvData.of("data/bad.csv", "label"), specFile, 1));
        assertInstanceOf(DataFileException.class, e);
        assertTrue(e.getMessage().contains("bad.csv"), e.getMessage());
    }

    @Test
    void dataSeedIsDerivedFromTheTrainingSeed() throws IOException {
        var data = GeneratorData.of("two_spirals", Map.of("samples", 32.0));
        ExperimentSpec e = ExperimentSpec.of("seeds", NetworkSpec.of(2, List.of(DenseSpec.of(4)), OutputSpec.of(1)),
                TrainingSpec.of(data, "bce", TrainingLength.steps(1)).withSeed(5));
        ExperimentRun run = Experiment.run(e, null);
        assertEquals(SpecCompiler.dataset(data, null, Experiment.dataSeed(5)), run.data());
        Network fresh = SpecCompiler.network(e.network(), Precision.FLOAT64, 5);
        assertEquals(names(fresh), names(run.network()));
    }

    @Test
    void mismatchedDataWidthIsAClearError() {
        ExperimentSpec e = ExperimentSpec.of("wide", NetworkSpec.of(3, List.of(DenseSpec.of(4)), OutputSpec.of(1)),
                TrainingSpec.of(GeneratorData.of("two_spirals", Map.of("samples", 32.0)), "bce", TrainingLength.steps(1)));
        var ex = assertThrows(IllegalArgumentException.class, () -> Experiment.run(e, null));
        assertTrue(ex.getMessage().contains("set network input: 2"), ex.getMessage());
    }
}
