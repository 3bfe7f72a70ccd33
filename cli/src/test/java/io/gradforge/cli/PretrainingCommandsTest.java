package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.cli.SearchCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** train and diagnose of a spec with training.pretraining: the phase in text, JSON, loss.csv, and its errors. */
class PretrainingCommandsTest {
    @TempDir
    Path tmp;

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

    private Path spec() throws Exception {
        return Files.writeString(tmp.resolve("small.yaml"), SPEC);
    }

    @Test
    void trainShowsThePhaseAndMarksTheLossCurve() throws Exception {
        Path out = tmp.resolve("out");
        Run r = gradforge("train", spec().toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("denoising pretraining 20 steps a layer, 100 steps"), r.out());
        assertTrue(r.out().contains("status      completed after 40 steps"), r.out());
        assertTrue(r.out().contains("pretraining 3 hidden layers x 20 steps = 60 of 100 steps"), r.out());
        assertTrue(r.out().contains("health      at init "), r.out());
        assertTrue(r.out().contains("; after pretraining "), r.out());
        List<String> csv = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals(101, csv.size(), "header + one line per step of the budget");
        assertEquals("step,loss,phase", csv.get(0));
        assertTrue(csv.get(1).startsWith("0,") && csv.get(1).endsWith(",pretrain_layer_1"), csv.get(1));
        assertTrue(csv.get(60).startsWith("59,") && csv.get(60).endsWith(",pretrain_layer_3"), csv.get(60));
        assertTrue(csv.get(61).startsWith("60,") && csv.get(61).endsWith(",fine_tune"), csv.get(61));
        JsonNode result = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertEquals(100, result.get("result").get("total_steps").asInt());
        assertEquals(60, result.get("result").get("pretraining").get("steps").asInt());
        assertEquals(3, result.get("result").get("pretraining").get("final_reconstruction_loss").size());
        assertTrue(result.has("health_at_init") && result.has("health_after_pretraining"), result.toString());

        Run json = gradforge("train", spec().toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode j = Json.MAPPER.readTree(json.out());
        assertEquals(result.get("health_after_pretraining").get("score").asDouble(),
                j.get("health_after_pretraining").get("score").asDouble());
    }

    @Test
    void diagnoseShowsHealthAfterPretraining() throws Exception {
        Run r = gradforge("diagnose", spec().toString());
        assertEquals(0, r.code(), r.err());
        int init = r.out().indexOf("AT INITIALIZATION");
        int after = r.out().indexOf("AFTER PRETRAINING (pretrained 3 hidden layers, 20 steps each; the same probe batch)");
        int fineTuning = r.out().indexOf("DURING FINE-TUNING (40 steps");
        assertTrue(init >= 0 && after > init && fineTuning > after, r.out());
        Run json = gradforge("diagnose", spec().toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode j = Json.MAPPER.readTree(json.out());
        assertTrue(j.has("after_pretraining"), json.out());
        assertEquals(60, j.get("training").get("pretraining").get("steps").asInt());
    }

    @Test
    void aBudgetLeavingNothingToFineTuneIsBadInputBeforeTraining() throws Exception {
        Run r = gradforge("train", spec().toString(), "--steps", "50");
        assertEquals(Failures.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("small.yaml: pretraining takes 60 steps of the budget of 50, which leaves no step to"
                + " fine-tune; lower steps_per_layer or raise the budget (--steps 50)"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Path residual = Files.writeString(tmp.resolve("residual.yaml"), SPEC.replace(
                "layers: [{dense: {units: 8, repeat: 3}}]", "layers: [{dense: 8}, {residual: {layers: [{dense: 8}]}}]"));
        r = gradforge("train", residual.toString());
        assertEquals(Failures.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("residual.yaml:13:3: pretraining trains each hidden dense layer as an autoencoder, but"
                + " entry 1 of network.layers is residual"), r.err());
    }
}
