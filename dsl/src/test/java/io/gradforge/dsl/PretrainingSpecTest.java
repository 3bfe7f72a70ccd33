package io.gradforge.dsl;

import static io.gradforge.dsl.BadSpecTest.assertAt;
import static io.gradforge.dsl.BadSpecTest.problems;
import static io.gradforge.dsl.BadSpecTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.train.Pretraining;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.PretrainingChoice;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code training.pretraining} and the space's {@code pretraining} gene: reading, defaults, round trip, errors. */
class PretrainingSpecTest {

    static final String BASE = """
            version: 1
            name: t
            network:
              input: 2
              layers:
                - dense: {units: 8, activation: sigmoid, repeat: 3}
              output: 1
            training:
              data: {generator: two_spirals}
              loss: bce
              steps: 100
              pretraining: {method: denoising, steps_per_layer: 20}
            """;

    static final String SEARCH = """
            version: 1
            kind: search
            name: s
            space:
              input: 2
              output: 1
              depth: {min: 2, max: 4}
              width: [8]
              pretraining: [none, {method: autoencoder, steps_per_layer: 10, tied_weights: true}]
            training:
              data: {generator: two_spirals}
              loss: bce
              steps: 100
            """;

    static String replace(String from, String to) {
        assertTrue(BASE.contains(from), from);
        return BASE.replace(from, to);
    }

    @Test
    void readsWithDefaultsAndRoundTrips() throws SpecException {
        ExperimentSpec e = SpecReader.experimentFromString(BASE, "t.yaml");
        assertEquals(new PretrainingSpec(Pretraining.Method.DENOISING, 20, 0.25, false, null), e.training().pretraining());
        assertEquals(e, SpecReader.fromString(SpecWriter.write(e), "written.yaml"));

        ExperimentSpec full = SpecReader.experimentFromString(replace("{method: denoising, steps_per_layer: 20}",
                "{method: autoencoder, steps_per_layer: 5, tied_weights: false, optimizer: {name: sgd, learning_rate: 0.1}}"),
                "t.yaml");
        assertEquals(new PretrainingSpec(Pretraining.Method.AUTOENCODER, 5, 0, false, OptimizerSpec.of("sgd", 0.1)),
                full.training().pretraining());
        assertEquals(full, SpecReader.fromString(SpecWriter.write(full), "written.yaml"));
        assertTrue(SpecWriter.write(full).contains("pretraining:"));
        // Without pretraining the written text has no pretraining key (candidate ids stay as they were).
        ExperimentSpec plain = e.withTraining(e.training().withPretraining(null));
        assertFalse(SpecWriter.write(plain).contains("pretraining"));
    }

    @Test
    void theSearchGeneReadsAndRoundTrips() throws SpecException {
        SearchSpec s = SpecReader.searchFromString(SEARCH, "s.yaml");
        assertTrue(s.space().searchesPretraining());
        assertEquals(List.of(PretrainingChoice.NONE, PretrainingChoice.of(new PretrainingSpec(
                Pretraining.Method.AUTOENCODER, 10, 0, true, null))), s.space().pretraining().choices());
        assertEquals(s, SpecReader.fromString(SpecWriter.write(s), "written.yaml"));
        SearchSpec without = SpecReader.searchFromString(SEARCH.replace(
                "  pretraining: [none, {method: autoencoder, steps_per_layer: 10, tied_weights: true}]\n", ""), "s.yaml");
        assertFalse(without.space().searchesPretraining());
        assertFalse(SpecWriter.write(without).contains("pretraining"));
    }

    @Test
    void badValuesNameTheLineTheValueAndWhatIsAccepted() {
        String p = "{method: denoising, steps_per_layer: 20}";
        single("method", replace(p, "{method: denoisng, steps_per_layer: 20}"), 12, 25,
                "unknown pretraining method 'denoisng'", "did you mean 'denoising'?", "accepted: autoencoder, denoising");
        List<SpecProblem> ps = problems("key", replace(p, "{method: denoising, steps_per_layr: 20}"));
        assertEquals(2, ps.size(), ps.toString());
        assertAt(ps.get(0), 12, 16, "missing required key 'steps_per_layer' in training.pretraining");
        assertAt(ps.get(1), 12, 36, "unknown key 'steps_per_layr'", "did you mean 'steps_per_layer'?",
                "(in training.pretraining)");
        assertFalse(problems("missing", replace(p, "{method: denoising}")).isEmpty());
        single("zero steps", replace(p, "{method: denoising, steps_per_layer: 0}"), 12, 53,
                "steps_per_layer must be in [1, 100000000] but was 0");
        single("noise range", replace(p, "{method: denoising, steps_per_layer: 20, noise: 1.5}"), 12, 64,
                "noise must be in [0, 0.95] but was 1.5");
        single("noise zero", replace(p, "{method: denoising, steps_per_layer: 20, noise: 0}"), 12, 64,
                "noise must be in (0, 0.95] for method denoising", "but was 0");
        single("noise plain", replace(p, "{method: autoencoder, steps_per_layer: 20, noise: 0.2}"), 12, 66,
                "noise 0.2 is given but method autoencoder reconstructs uncorrupted inputs", "use method: denoising");
        single("tied", replace(p, "{method: denoising, steps_per_layer: 20, tied_weights: yes}"), 12, 71,
                "expected true or false but was 'yes'");
        single("budget", replace(p, "{method: denoising, steps_per_layer: 40}"), 12, 3,
                "pretraining takes 120 steps of the budget of 100", "lower steps_per_layer or raise the budget");
        single("not dense", replace("    - dense: {units: 8, activation: sigmoid, repeat: 3}",
                        "    - dense: {units: 8, activation: sigmoid, repeat: 3}\n    - layer_norm: {}"), 13, 3,
                "entry 1 of network.layers is layer_norm, which it cannot pretrain", "remove training.pretraining");
    }

    @Test
    void searchErrors() {
        String gene = "[none, {method: autoencoder, steps_per_layer: 10, tied_weights: true}]";
        assertTrue(SEARCH.contains(gene));
        List<SpecProblem> ps = problems("both", SEARCH.replace("  steps: 100", "  steps: 100\n  pretraining: "
                + "{method: denoising, steps_per_layer: 5}"));
        assertEquals(1, ps.size(), ps.toString());
        assertTrue(ps.get(0).message().contains("pretraining is given both in training and as a space gene"), ps.toString());
        ps = problems("budget", SEARCH.replace("steps_per_layer: 10", "steps_per_layer: 30"));
        assertTrue(ps.get(0).message().contains("the deepest candidate (4 hidden layers): pretraining takes 120 steps"),
                ps.toString());
        ps = problems("per layer", SEARCH.replace(gene, "{choices: " + gene + ", per_layer: true}"));
        assertTrue(ps.get(0).message().contains("pretraining is chosen once per network"), ps.toString());
        ps = problems("bad choice", SEARCH.replace(gene, "[none, denoising]"));
        assertAt(ps.get(0), 9, 23, "pretraining choice: expected none or a mapping");
    }

    @Test
    void recordsRefuseWhatTheReaderRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new PretrainingSpec(Pretraining.Method.DENOISING, 0, 0.2,
                true, null));
        var e = assertThrows(IllegalArgumentException.class, () -> PretrainingSpec.autoencoder(5).withNoise(0.1));
        assertTrue(e.getMessage().contains("noise 0.1 is given but method autoencoder"));
        assertNull(PretrainingSpec.denoising(5).optimizer());
    }
}
