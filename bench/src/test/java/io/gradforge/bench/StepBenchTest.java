package io.gradforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which rows {@code StepBench --only} runs: compare-pytorch's grid, or its dense shapes with any activation. */
class StepBenchTest {

    private static Set<String> only(String... parts) {
        return new LinkedHashSet<>(List.of(parts));
    }

    @Test
    void noFilterRunsTheGridOfComparePytorch() {
        assertEquals(StepBench.gridRows(), StepBench.rowsToRun(only()));
        assertTrue(StepBench.gridRows().contains("10,64,64,tanh,float32"));
        assertTrue(StepBench.gridRows().stream().noneMatch(r -> r.contains("swish")));
    }

    @Test
    void anyActivationRunsTheDenseShapesWithIt() {
        assertEquals(List.of("10,64,64,swish,float32", "10,64,64,swish,float64"),
                StepBench.rowsToRun(only("10x64x64", "swish")));
        assertEquals(List.of("10,64,64,elu,float64", "10,64,64,selu,float64", "10,64,64,tanh,float64"),
                StepBench.rowsToRun(only("10x64x64", "elu", "selu", "tanh", "float64")));
        assertEquals(List.of("50,128,64,lstm,float32"), StepBench.rowsToRun(only("lstm", "float32")));
        assertEquals(8, StepBench.rowsToRun(only("leaky_relu")).size()); // four shapes, two dtypes
    }

    @Test
    void anUnknownPartIsNamedWithWhatIsAccepted() {
        var e = assertThrows(IllegalArgumentException.class, () -> StepBench.rowsToRun(only("10x64x64", "swsh")));
        assertTrue(e.getMessage().startsWith("--only swsh: expected a shape DxWxB") && e.getMessage().contains("swish"),
                e.getMessage());
    }

    @Test
    void everyActivationNameBuildsATrainingStep() {
        for (String act : List.of("sigmoid", "leaky_relu", "prelu", "elu", "selu", "swish", "silu", "gelu", "softplus")) {
            TrainingStep step = new TrainingStep(2, 8, 4, act, TrainingStep.precision("float64"), 1, false);
            assertTrue(Double.isFinite(step.step()), act);
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingStep(2, 8, 4, "rleu", TrainingStep.precision("float64"), 1, false));
        assertTrue(e.getMessage().contains("rleu") && e.getMessage().contains("swish"), e.getMessage());
    }
}
