package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.health.HealthFlag;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pretraining through a spec: the budget, the health of each phase, and the classic comparison of specs/. */
class PretrainingRunTest {
    static final Path SPECS = Path.of("..", "specs");

    static final String SPEC = """
            version: 1
            name: small
            network:
              input: 2
              defaults: {activation: sigmoid, init: glorot_standard}
              layers: [{dense: {units: 8, repeat: 3}}]
              output: 1
            training:
              data: {generator: two_spirals, samples: 128}
              loss: bce
              batch_size: 16
              steps: 100
              pretraining: {method: denoising, steps_per_layer: 20}
            """;

    @Test
    void aPretrainedRunReportsHealthAtInitAfterPretrainingAndAfterFineTuning() throws Exception {
        ExperimentSpec spec = SpecReader.experimentFromString(SPEC, "small.yaml");
        ExperimentRun run = Experiment.run(spec, null);
        assertEquals(TrainingStatus.COMPLETED, run.result().status(), run.result().reason());
        assertEquals(60, run.result().pretraining().steps());
        assertEquals(40, run.result().steps());
        assertNotNull(run.atInit());
        assertNotNull(run.afterPretraining());
        assertNotNull(run.health());
        // pretraining changed the weights the second report measured
        assertNotEquals(run.atInit().init().flow().deltaNorms(), run.afterPretraining().init().flow().deltaNorms());

        DiagnosisRun d = Diagnostics.diagnose(spec, null);
        assertNotNull(d.afterPretraining());
        assertEquals(run.afterPretraining().score(), d.afterPretraining().score(), 1e-12,
                "train and diagnose measure after pretraining on the same probe batch");
        assertEquals(run.atInit().score(), d.atInit().score(), 1e-12);

        ExperimentRun plain = Experiment.run(spec.withTraining(spec.training().withPretraining(null)), null);
        assertNull(plain.atInit());
        assertNull(plain.afterPretraining());
    }

    @Test
    void aBudgetOverrideThatLeavesNoFineTuningIsRefusedBeforeWork() throws Exception {
        ExperimentSpec spec = SpecReader.experimentFromString(SPEC, "small.yaml");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Experiment.run(spec, null, TrainingProbe.NONE, () -> false, 60));
        assertEquals("pretraining takes 60 steps of the budget of 60, which leaves no step to fine-tune; lower"
                + " steps_per_layer or raise the budget.", e.getMessage());
    }

    /**
     * specs/pretraining-*.yaml, the numbers of specs/README.md: 8 sigmoid layers stay VANISHING and at chance
     * without pretraining, train with it in the same 4000 steps (still VANISHING), and relu + He trains best with
     * none. About a minute.
     */
    @Test
    @Tag("slow")
    void theClassicComparison() throws Exception {
        ExperimentRun plain = run("pretraining-sigmoid8-plain.yaml");
        ExperimentRun pretrained = run("pretraining-sigmoid8.yaml");
        ExperimentRun relu = run("pretraining-relu8-he.yaml");

        assertEquals(4000, plain.result().totalSteps());
        assertEquals(4000, pretrained.result().totalSteps(), "the same total step budget");
        assertEquals(2000, pretrained.result().pretraining().steps());

        assertTrue(plain.health().has(HealthFlag.VANISHING));
        assertTrue(plain.result().validationAccuracy() < 0.15, "at chance: " + plain.result().validationAccuracy());
        assertTrue(pretrained.atInit().has(HealthFlag.VANISHING));
        assertTrue(pretrained.result().validationAccuracy() > 0.6, "trains: " + pretrained.result().validationAccuracy());
        assertTrue(pretrained.afterPretraining().score() > 5 * pretrained.atInit().score(),
                pretrained.atInit().score() + " -> " + pretrained.afterPretraining().score());
        assertTrue(pretrained.health().has(HealthFlag.VANISHING), "pretraining places weights, it does not cure");
        assertTrue(relu.result().validationAccuracy() > 0.95, "relu + He: " + relu.result().validationAccuracy());
        assertFalse(relu.health().has(HealthFlag.VANISHING));
    }

    private static ExperimentRun run(String file) throws Exception {
        Path path = SPECS.resolve(file);
        return Experiment.run(SpecReader.readExperiment(path), path);
    }
}
