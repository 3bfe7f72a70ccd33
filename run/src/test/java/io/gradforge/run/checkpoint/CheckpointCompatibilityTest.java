package io.gradforge.run.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gradforge.core.tensor.Tensor;
import io.gradforge.dsl.SpecReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Old files keep loading: {@code compat/checkpoint-v1.json} was written by Gradforge 0.1.0 (checkpoint format
 * version 1) from {@code compat/checkpoint-v1-spec.yaml} after 30 training steps; the expected outputs below are
 * what that network computed in evaluation mode when it was saved. Never regenerate these files: a change that
 * breaks this test breaks users' saved checkpoints.
 */
class CheckpointCompatibilityTest {
    private static final Path DIR = Path.of("src", "test", "resources", "compat");

    @Test
    void versionOneCheckpointLoadsAndComputesTheSavedOutputs() throws Exception {
        LoadedCheckpoint loaded = Checkpoint.load(DIR.resolve("checkpoint-v1.json"));
        assertEquals(SpecReader.readExperiment(DIR.resolve("checkpoint-v1-spec.yaml")).network(), loaded.spec());
        assertNull(loaded.provenance(), "written before checkpoints recorded their provenance");
        Tensor x = Tensor.of(3, 3, 0.5, -1.0, 2.0, 0.0, 0.25, -0.75, 1.5, 1.5, -1.5);
        double[] expected = {-0.011331226772361133, -0.4060565860496901, -0.0901758335842503, -0.28762664973114,
            0.48479408183570655, -0.15751321711822824};
        // 1e-12, not bit-identical: a later, faster kernel may sum in another order.
        assertArrayEquals(expected, loaded.network().forward(x, false).toDoubleArray(), 1e-12);
    }
}
