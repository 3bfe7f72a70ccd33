package io.gradforge.dsl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records validate in their constructors with the same words the YAML reader reports. */
class SpecRecordsTest {

    private static String yamlProblem(String yaml) {
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.fromString(yaml, "x.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0).message();
    }

    private static final String NET = """
            version: 1
            name: t
            network: {input: 2, layers: [LAYER], output: 1}
            training: {data: {generator: sine}, loss: mse, steps: 10}
            """;

    @Test
    void sameMessageFromJavaAndYaml() {
        var java = assertThrows(IllegalArgumentException.class, () -> DenseSpec.of(-5));
        assertEquals(java.getMessage(), yamlProblem(NET.replace("LAYER", "{dense: -5}")));

        var act = assertThrows(IllegalArgumentException.class, () -> ActivationSpec.of("rleu"));
        assertEquals(act.getMessage(), yamlProblem(NET.replace("LAYER", "{activation: rleu}")));

        var param = assertThrows(IllegalArgumentException.class,
                () -> ActivationSpec.of("leaky_relu", Map.of("alpha", 5.0)));
        assertEquals(param.getMessage(),
                yamlProblem(NET.replace("LAYER", "{activation: {name: leaky_relu, alpha: 5}}")));

        var residual = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.of(2,
                List.of(DenseSpec.of(8), ResidualSpec.of(List.of(DenseSpec.of(4))).withProjection(Projection.NONE)),
                OutputSpec.of(1)));
        assertEquals(residual.getMessage(),
                yamlProblem(NET.replace("LAYER", "{dense: 8}, {residual: {layers: [{dense: 4}], projection: none}}")));
    }

    @Test
    void aRejectedLayerListNamesTheEntryAtFault() {
        var residual = assertThrows(InvalidLayerException.class, () -> NetworkSpec.of(2, List.of(DenseSpec.of(8),
                DenseSpec.of(8), ResidualSpec.of(List.of(DenseSpec.of(4))).withProjection(Projection.NONE),
                DenseSpec.of(3)), OutputSpec.of(1)));
        assertEquals(2, residual.layerIndex());
        assertTrue(residual.getMessage().startsWith("residual branch maps width 8 to 4"), residual.getMessage());

        var tooMany = assertThrows(InvalidLayerException.class, () -> NetworkSpec.of(2, List.of(DenseSpec.of(8),
                DenseSpec.of(8).withRepeat(6000), DenseSpec.of(8).withRepeat(6000), DenseSpec.of(8)), OutputSpec.of(1)));
        assertEquals(2, tooMany.layerIndex());
        assertEquals(Rules.tooManyLayers(12_002), tooMany.getMessage());

        // The reader points at that entry: the residual is the second item of line 3, from column 42.
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.fromString(
                NET.replace("LAYER", "{dense: 8}, {residual: {layers: [{dense: 4}], projection: none}}"), "x.yaml"));
        assertEquals(3, e.problems().get(0).line());
        assertEquals(42, e.problems().get(0).column());
    }

    @Test
    void canonicalNamesAndParameters() {
        assertEquals(ActivationSpec.of("swish", Map.of("beta", 1.0)), ActivationSpec.of("silu"));
        assertEquals(ActivationSpec.of("leaky_relu", Map.of("alpha", 0.01)), ActivationSpec.of("leaky_relu"));
        assertEquals(Map.of("gain", 1.0), InitSpec.of("orthogonal").parameters());
        var silu = assertThrows(IllegalArgumentException.class, () -> ActivationSpec.of("silu", Map.of("beta", 2.0)));
        assertTrue(silu.getMessage().contains("write swish"), silu.getMessage());
        assertEquals("unknown activation 'rleu'; did you mean 'relu'? accepted: identity, sigmoid, tanh, relu, "
                + "leaky_relu, prelu, elu, selu, swish, gelu, softplus, silu",
                Vocabulary.ACTIVATIONS.unknownMessage("rleu"));
        assertNull(Rules.suggest("completely_different", Vocabulary.ACTIVATIONS.acceptedNames()));
    }

    @Test
    void resolvedLayersExpandRepeatAndApplyDefaults() {
        LayerDefaults defaults = LayerDefaults.STANDARD.withActivation(ActivationSpec.of("tanh"));
        NetworkSpec net = new NetworkSpec(2, defaults, List.of(
                DenseSpec.of(16).withRepeat(3),
                ResidualSpec.of(List.of(DenseSpec.of(16).withInit(InitSpec.of("zeros")))).withRepeat(2),
                BatchNormSpec.of()), OutputSpec.of(1));
        List<LayerSpec> resolved = net.resolvedLayers();
        assertEquals(6, resolved.size());
        DenseSpec first = (DenseSpec) resolved.get(0);
        assertEquals(new DenseSpec(16, ActivationSpec.of("tanh"), InitSpec.of("he_normal"), true, InitSpec.of("zeros"), 1),
                first);
        ResidualSpec block = (ResidualSpec) resolved.get(3);
        assertEquals(1, block.repeat());
        DenseSpec inner = (DenseSpec) block.layers().get(0);
        assertEquals(InitSpec.of("zeros"), inner.init());
        assertEquals(ActivationSpec.of("tanh"), inner.activation());
        // 2*16+16 + 2*(16*16+16) + 2*(16*16+16) + 2*16 (bn) + 16+1 (output)
        assertEquals(48 + 2 * 272 + 2 * 272 + 32 + 17, net.shape().parameters());
    }

    @Test
    void crossFieldRules() {
        assertThrows(IllegalArgumentException.class, () -> new GaSpec(4, 1, GaSpec.Selector.TOURNAMENT, 3, 0.5, 0.5, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new GaSpec(4, 1, GaSpec.Selector.TOURNAMENT, 5, 0.5, 0.5, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new ObjectivesSpec(ObjectivesSpec.Mode.PARETO, 0,
                ObjectivesSpec.Measure.AUC, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> IntRangeGene.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> RealRangeGene.of(0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> ChoiceGene.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec("Bad Name", null,
                NetworkSpec.of(2, List.of(), OutputSpec.of(1)),
                TrainingSpec.of(GeneratorData.of("sine", Map.of()), "mse", TrainingLength.steps(1))));
        TrainingSpec t = TrainingSpec.of(GeneratorData.of("sine", Map.of()), "mse", TrainingLength.steps(1));
        var e = assertThrows(IllegalArgumentException.class, () -> new SearchSpec("s", null,
                SearchSpace.of(2, OutputSpec.of(1)), t,
                new ObjectivesSpec(ObjectivesSpec.Mode.PARETO, 1, ObjectivesSpec.Measure.STEPS_TO_TARGET, 1, 0),
                BudgetSpec.of(10), GaSpec.standard(), 1, 1));
        assertTrue(e.getMessage().contains("target_loss"));
    }

    @Test
    void csvPathsResolveAgainstTheSpecDirectory() {
        CsvData csv = CsvData.of("data/iris.csv", "species");
        assertEquals(Path.of("/work/specs/data/iris.csv"),
                csv.resolveAgainst(Path.of("/work/specs/iris.yaml")));
        assertEquals(Path.of("/abs/x.csv"),
                CsvData.of("/abs/x.csv", "y").resolveAgainst(Path.of("/work/specs/iris.yaml")));
    }

    @Test
    void filePathsResolveAgainstTheSpecDirectoryForACopyWrittenElsewhere() {
        Path spec = Path.of("/work/specs/mnist.yaml");
        IdxData idx = IdxData.of("data/train-images-idx3-ubyte.gz", "/abs/labels.gz").withClasses(10);
        assertEquals(Path.of("/work/specs/data/train-images-idx3-ubyte.gz"), idx.imagesFile(spec));
        assertEquals(new IdxData("/work/specs/data/train-images-idx3-ubyte.gz", "/abs/labels.gz", DataScale.UNIT, 10),
                idx.withPathsResolvedAgainst(spec));
        assertEquals(idx, idx.withPathsResolvedAgainst(null));
        NpyData npy = NpyData.of("../X.npy", "y.npy");
        assertEquals(new NpyData("/work/X.npy", "/work/specs/y.npy", CsvTask.AUTO, DataScale.STANDARDIZE, null),
                npy.withPathsResolvedAgainst(spec));
        assertEquals(new CsvData("/work/specs/iris.csv", "species", CsvTask.AUTO, true),
                CsvData.of("iris.csv", "species").withPathsResolvedAgainst(spec));
    }

    @Test
    void fileDataRefusesEmptyPathsAndClassesThatCannotApply() {
        assertEquals("idx images path must not be empty",
                assertThrows(IllegalArgumentException.class, () -> IdxData.of(" ", "l")).getMessage());
        assertEquals("npy targets path must not be empty",
                assertThrows(IllegalArgumentException.class, () -> NpyData.of("X.npy", "")).getMessage());
        assertEquals("classes must be in [2, 10000] but was 1",
                assertThrows(IllegalArgumentException.class, () -> IdxData.of("i", "l").withClasses(1)).getMessage());
        assertEquals("classes apply to classification but task is regression (classes 10)",
                assertThrows(IllegalArgumentException.class,
                        () -> NpyData.of("X.npy", "y.npy").withTask(CsvTask.REGRESSION).withClasses(10)).getMessage());
    }

    @Test
    void negativeZeroParametersAreCanonical() {
        assertEquals(ActivationSpec.of("leaky_relu", Map.of("alpha", 0.0)), ActivationSpec.of("leaky_relu", Map.of("alpha", -0.0)));
    }
}
