package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.cli.SearchCommandTest.Run;
import io.gradforge.core.kernel.Kernels;
import io.gradforge.run.Provenance;
import io.gradforge.run.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** train, diagnose, gradcheck and validate end to end: output, files written, JSON and exit codes. */
class ExperimentCommandsTest {
    private static final String SPECS = Path.of("..", "specs").toString();

    @TempDir
    Path tmp;

    private static String spec(String name) {
        return Path.of(SPECS, name).toString();
    }

    @Test
    void trainSavesCheckpointCurveAndResult() throws Exception {
        Path out = tmp.resolve("out");
        Run r = gradforge("train", spec("quickstart-train.yaml"), "--steps", "60", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("status      completed after 60 steps"), r.out());
        assertTrue(r.out().contains("health      score"), r.out());
        assertTrue(Files.exists(out.resolve("checkpoint.json")));
        assertEquals(61, Files.readAllLines(out.resolve("loss.csv")).size(), "header + one line per step");
        JsonNode result = Json.MAPPER.readTree(out.resolve("result.json").toFile());
        assertEquals(60, result.get("result").get("steps").asInt());
        assertEquals(42, result.get("provenance").get("seed").asInt());
        JsonNode checkpoint = Json.MAPPER.readTree(out.resolve("checkpoint.json").toFile());
        assertEquals(Kernels.get().name(), result.get("provenance").get("kernel").asString());
        assertEquals(result.get("provenance").get("time"), checkpoint.get("provenance").get("time"),
                "the checkpoint and result.json record one provenance");
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("weights.json"), "keep me");
        Run r = gradforge("train", spec("quickstart-train.yaml"), "--out", file.toString());
        assertEquals(Failures.BAD_INPUT, r.code(), r.out() + r.err());
        assertEquals("gradforge: --out " + file + ": is a file, not a directory; give a directory (created if missing)\n",
                r.err());
        assertEquals("", r.out(), "nothing trained");
        assertEquals("keep me", Files.readString(file));
        Run under = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--export", file.resolve("x").toString());
        assertEquals(Failures.BAD_INPUT, under.code(), under.out() + under.err());
        assertEquals("gradforge: --export " + file.resolve("x") + ": cannot be created: " + file + " is a file, not a"
                + " directory; give a directory (created if missing)\n", under.err());
        Run search = gradforge("search", spec("quickstart.yaml"), "--out", file.toString(), "--quiet");
        assertEquals(Failures.BAD_INPUT, search.code(), search.out() + search.err());
        assertEquals("gradforge: run directory " + file + ": is a file, not a directory; give a directory (created if"
                + " missing)\n", search.err());
    }

    @Test
    void aBatchLargerThanTheDataFileIsRefusedBeforeTraining() throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 10; i++) csv.append(i).append(',').append(i * 0.5).append('\n');
        Files.writeString(tmp.resolve("small.csv"), csv);
        Path spec = Files.writeString(tmp.resolve("small.yaml"), "version: 1\nname: small\nnetwork: {input: 1, layers:"
                + " [{dense: 4}], output: 1}\ntraining: {data: {csv: small.csv, target: y}, loss: mse, batch_size: 64,"
                + " steps: 5}\n");
        Run r = gradforge("train", spec.toString());
        assertEquals(Failures.BAD_INPUT, r.code(), r.out() + r.err());
        assertEquals("gradforge: " + spec + ": batch_size 64 is larger than the 10 training rows of the data (small has 10"
                + " rows); accepted: 1 to 10\n", r.err());
    }

    private static double[] losses(Path lossCsv) throws Exception {
        return Files.readAllLines(lossCsv).stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    @Test
    void trainContinuesFromACheckpointOfTheSameNetwork() throws Exception {
        Path first = tmp.resolve("first");
        Run r = gradforge("train", spec("quickstart-train.yaml"), "--steps", "200", "--out", first.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        Path second = tmp.resolve("second");
        Run again = gradforge("train", spec("quickstart-train.yaml"), "--steps", "5", "--init-from",
                first.resolve("checkpoint.json").toString(), "--out", second.toString(), "--quiet");
        assertEquals(0, again.code(), again.err());
        double[] before = losses(first.resolve("loss.csv"));
        double[] after = losses(second.resolve("loss.csv"));
        double end = java.util.Arrays.stream(before, 180, 200).average().orElseThrow();
        // the same seed from the spec's initializers starts at before[0] again; from the checkpoint, near the end
        assertTrue(Math.abs(after[0] - end) < Math.abs(after[0] - before[0]) / 2, "continues where it stopped: started at "
                + before[0] + ", ended near " + end + ", continued from " + after[0]);

        Run diagnose = gradforge("diagnose", spec("quickstart-train.yaml"), "--steps", "5", "--init-from",
                first.resolve("checkpoint.json").toString());
        assertEquals(0, diagnose.code(), diagnose.err());
        assertTrue(diagnose.out().contains("\nAT THE CHECKPOINT " + first.resolve("checkpoint.json") + " (one forward and"
                + " backward pass on a probe batch of 64 rows)\n"), diagnose.out());
        Run both = gradforge("diagnose", spec("quickstart-train.yaml"), "--steps", "1", "--init-from",
                first.resolve("checkpoint.json").toString(), "--export", tmp.resolve("x").toString());
        assertEquals(0, both.code(), both.err());
        // the export holds the checkpoint's weights (the probe is taken at them), not the spec's initialization
        assertEquals(Checkpoint.load(first.resolve("checkpoint.json")).network().parameters().get(0).value().get(0),
                Checkpoint.load(tmp.resolve("x/checkpoint.json")).network().parameters().get(0).value().get(0));

        Run other = gradforge("train", spec("deep-sigmoid.yaml"), "--init-from", first.resolve("checkpoint.json").toString());
        assertEquals(Failures.BAD_INPUT, other.code(), other.out() + other.err());
        assertEquals("gradforge: --init-from " + first.resolve("checkpoint.json") + ": it holds another network than"
                + " experiment 'deep-sigmoid' (3,297 parameters there, 51,873 here, or other layers); --init-from takes a"
                + " checkpoint of the same network\n", other.err());
        Run missing = gradforge("train", spec("quickstart-train.yaml"), "--init-from", tmp.resolve("none.json").toString());
        assertEquals(Failures.BAD_INPUT, missing.code());
        assertEquals("gradforge: --init-from " + tmp.resolve("none.json") + ": no such file; give a checkpoint.json"
                + " written by gradforge train --out\n", missing.err());
    }

    @Test
    void predictAppliesATrainedCheckpointToTheRowsOfACsvFile() throws Exception {
        // three classes apart in (a, b), b on a scale ten times a's: standardization matters
        StringBuilder csv = new StringBuilder("id,a,b,species\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] centres = {{0, 0}, {5, 50}, {0, 80}};
        for (int i = 0; i < 300; i++) {
            int c = i % 3;
            csv.append(i).append(',').append(100 + centres[c][0] + random.nextGaussian()).append(',')
                    .append(centres[c][1] + 10 * random.nextGaussian()).append(',').append(names[c]).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("blobs.csv"), csv);
        Path spec = Files.writeString(tmp.resolve("blobs.yaml"), "version: 1\nname: blobs\nnetwork: {input: 3, layers:"
                + " [{dense: 16}], output: 3}\ntraining:\n  data: {csv: blobs.csv, target: species, standardize: true}\n"
                + "  loss: softmax_cross_entropy\n  batch_size: 32\n  steps: 300\n");
        Path out = tmp.resolve("out");
        Run train = gradforge("train", spec.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, train.code(), train.err());
        // new data: the columns in another order, no target, the id column the network was trained on too
        StringBuilder fresh = new StringBuilder("b,species_unknown,a,id\n");
        csv.toString().lines().skip(1).forEach(l -> {
            String[] f = l.split(",");
            fresh.append(f[2]).append(",?,").append(f[1]).append(',').append(f[0]).append('\n');
        });
        Path newData = Files.writeString(tmp.resolve("new.csv"), fresh);
        Run predict = gradforge("predict", out.resolve("checkpoint.json").toString(), newData.toString());
        assertEquals(0, predict.code(), predict.err());
        List<String> rows = predict.out().lines().toList();
        assertEquals("class,p_setosa,p_versicolor,p_virginica", rows.get(0));
        assertEquals(301, rows.size());
        long right = 0;
        for (int i = 0; i < 300; i++) {
            String[] cells = rows.get(i + 1).split(",");
            double total = Double.parseDouble(cells[1]) + Double.parseDouble(cells[2]) + Double.parseDouble(cells[3]);
            assertEquals(1.0, total, 1e-9, "probabilities sum to 1");
            if (cells[0].equals(names[i % 3])) right++;
        }
        assertTrue(right >= 285, right + " of 300 right");

        Path noB = Files.writeString(tmp.resolve("no-b.csv"), "a,id\n1,2\n");
        Run missing = gradforge("predict", out.resolve("checkpoint.json").toString(), noB.toString());
        assertEquals(Failures.BAD_INPUT, missing.code(), missing.err());
        assertEquals("gradforge: " + noB + ":1: missing column [b]; the network was trained on the columns [id, a, b]"
                + " and this file has [a, id]\n", missing.err());
        Path export = tmp.resolve("export");
        assertEquals(0, gradforge("diagnose", spec.toString(), "--steps", "2", "--export", export.toString(), "--quiet").code());
        Run noData = gradforge("predict", export.resolve("checkpoint.json").toString(), data.toString());
        assertEquals(Failures.BAD_INPUT, noData.code());
        assertEquals("gradforge: " + export.resolve("checkpoint.json") + " does not record what its network was trained on"
                + " (checkpoints from diagnose --export, from code, or from before 0.1.0's predict do not); train with"
                + " --out again\n", noData.err());
    }

    @Test
    void versionNamesTheBuildTheRuntimeAndTheKernel() {
        Run r = gradforge("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("gradforge " + Provenance.GRADFORGE_VERSION + "\n"), r.out());
        assertTrue(r.out().contains("Java " + Runtime.version()), r.out());
        assertTrue(r.out().contains("kernels " + Kernels.get().name()), r.out());
    }

    @Test
    void trainExitsOneWhenTheRunDiverges() {
        Run r = gradforge("train", spec("exploding.yaml"), "--quiet");
        assertEquals(Failures.RUN_FAILED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("DIVERGED"), r.out());
        assertTrue(r.out().contains("EXPLODING"), r.out());
    }

    @Test
    void trainExitsOneWhenTheLossStaysFiniteButEndsFarAboveItsStart() throws Exception {
        // issue 15: sgd at learning rate 100 took the loss from 0.69 to 268 and the run was "completed", exit 0
        String text = Files.readString(Path.of(spec("quickstart-train.yaml")))
                .replace("optimizer: {name: adam, learning_rate: 0.01}", "optimizer: {name: sgd, learning_rate: 100}");
        assertTrue(text.contains("learning_rate: 100"));
        Path lr100 = Files.writeString(tmp.resolve("lr100.yaml"), text);
        Run r = gradforge("train", lr100.toString(), "--steps", "300", "--quiet");
        assertEquals(Failures.RUN_FAILED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("status      DIVERGED after 300 steps (the loss rose from "), r.out());
        assertTrue(r.out().contains("above 2x the larger of its start and the constant predictor's loss 0.6928 from step"),
                r.out());
    }

    @Test
    void diagnoseFlagsVanishingAndExportsEverythingNeededToReproduce() throws Exception {
        Path export = tmp.resolve("export");
        Run r = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "40", "--export", export.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("AT INITIALIZATION"), r.out());
        assertTrue(r.out().contains("mean-field theory predicts"), r.out());
        assertTrue(r.out().contains("VANISHING: gradient shrinks"), r.out());
        JsonNode probe = Json.MAPPER.readTree(export.resolve("probe.json").toFile());
        assertEquals("gradforge-probe", probe.get("format").asString());
        assertTrue(probe.get("loss_value").asDouble() > 0);
        // one gradient per parameter of the 51 dense layers (weight and bias)
        assertEquals(102, probe.get("gradients").size());
        JsonNode checkpoint = Json.MAPPER.readTree(export.resolve("checkpoint.json").toFile());
        assertEquals(102, checkpoint.get("parameters").size());
    }

    @Test
    void diagnoseJsonCarriesTheLayerTable() throws Exception {
        Run r = gradforge("diagnose", spec("relu30-he.yaml"), "--steps", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(31, json.get("at_init").get("layers_at_init").size());
        assertFalse(json.get("at_init").get("verdict").isEmpty());
        assertTrue(json.get("zero_cost_proxies").has("synflow"));
        // Jacobian spectra per top-level layer (31 dense) and input to output, over the first 8 probe rows
        JsonNode j = json.get("jacobians");
        assertEquals("training", j.get("mode").asString());
        assertFalse(j.get("batch_norm").asBoolean());
        assertEquals(8, j.get("rows").asInt());
        assertEquals(64, j.get("batch_rows").asInt());
        assertEquals(31, j.get("layers").size());
        for (JsonNode layer : j.get("layers")) {
            double mean = layer.get("mean_singular_value").asDouble();
            assertTrue(mean > 0.3 && mean < 1.5, layer.toString()); // He-initialized relu: the scale kept on average
            assertTrue(layer.get("max_singular_value").asDouble() >= layer.get("median_singular_value").asDouble());
            assertTrue(layer.get("median_singular_value").asDouble() >= layer.get("min_singular_value").asDouble());
            // relu layers differ from row to row; the identity output layer's Jacobian is its weight at every row
            assertEquals(layer.get("index").asInt() == 30, layer.get("mean_singular_value_row_sd").asDouble() == 0, layer.toString());
        }
        assertEquals(16, j.get("layers").get(0).get("input_width").asInt());
        JsonNode io = j.get("input_output");
        assertEquals(10, io.get("singular_values").size(), "min(16 inputs, 10 outputs)");
        assertTrue(io.get("highest_singular_values").get(0).asDouble() >= io.get("singular_values").get(0).asDouble());
        assertFalse(j.toString().contains("NaN") || j.toString().contains("Infinity"), j.toString());
    }

    /**
     * Batch norm in training mode (the probe batch's statistics) is what the Jacobians see: after batchnorm-init's
     * tiny init (std 0.01), each batch norm multiplies by about 1 / the batch's standard deviation (tens), which eval
     * mode's running statistics (0 and 1 at init) would hide.
     */
    @Test
    void diagnoseJacobiansSeeBatchNormInTrainingMode() throws Exception {
        Run text = gradforge("diagnose", spec("batchnorm-init.yaml"), "--steps", "0", "--jacobian-rows", "4");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Jacobian spectra at init: singular values of d(layer output)/d(layer input) at"
                + " each of the first 4 probe rows;\n"), text.out());
        assertTrue(text.out().contains("\n  batch norm in training mode, with the statistics of the 64-row probe "
                + "batch\n"), text.out());
        assertTrue(text.out().contains("\ninput-output Jacobian over 4 rows (mean ± sd over rows): singular values "
                + "mean "), text.out());
        Run json = gradforge("diagnose", spec("batchnorm-init.yaml"), "--steps", "0", "--json");
        JsonNode j = Json.MAPPER.readTree(json.out()).get("jacobians");
        assertTrue(j.get("batch_norm").asBoolean());
        JsonNode bn = j.get("layers").get(1);
        assertEquals("batch_norm", bn.get("kind").asString());
        assertTrue(bn.get("mean_singular_value").asDouble() > 10, bn.toString());
        assertTrue(j.get("layers").get(2).has("median_singular_value"));
        // a relu layer turns some units off at every row: a zero singular value, an infinite condition, left out
        assertFalse(j.get("layers").get(2).has("median_condition"), j.get("layers").get(2).toString());

        Run tooMany = gradforge("diagnose", spec("batchnorm-init.yaml"), "--steps", "0", "--jacobian-rows", "65");
        assertEquals(Failures.BAD_INPUT, tooMany.code(), tooMany.err());
        assertEquals("gradforge: --jacobian-rows 65 is more than the 64 rows of the probe batch (the spec's "
                + "batch_size)\n", tooMany.err());
        Run negative = gradforge("diagnose", spec("batchnorm-init.yaml"), "--jacobian-rows", "-1");
        assertEquals(Failures.BAD_INPUT, negative.code(), negative.err());
        assertTrue(negative.err().contains("--jacobian-rows must be positive but was -1"), negative.err());
    }

    /**
     * A tanh RNN on the adding problem (T = 100), 30 steps: the profile through time in text, JSON and the report's
     * chart, and VANISHING_THROUGH_TIME in the verdict (documented in docs/recurrent.md).
     */
    @Test
    void diagnoseShowsTheGradientThroughTimeOfARecurrentLayer() throws Exception {
        Path report = tmp.resolve("adding-rnn.html");
        Run text = gradforge("diagnose", spec("adding-rnn.yaml"), "--steps", "30", "--report", report.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("through time, recurrent layer 0 (rnn_tanh, T = 100, 32 units; the loss enters at"
                + " the last step):\n  ||dL/dh_k|| (mean over rows) at distance t-k: 0: "), text.out());
        assertTrue(text.out().contains("sigma_max(W_hh) 1.000 vs 1/gamma = 1 (Pascanu et al. 2013"), text.out());
        assertTrue(text.out().contains("gate values within 0.05 of the low/high end: h (tanh) "), text.out());
        assertTrue(text.out().contains("\n  VANISHING_THROUGH_TIME: the gradient from the loss fades"), text.out());
        String html = Files.readString(report);
        assertTrue(html.contains("<h2>Gradient through time</h2>"), html);
        assertTrue(html.contains("aria-label=\"gradient through time, layer 0\""), html);
        assertTrue(html.contains("<title>||dL/dh|| at init</title>"), html);
        assertTrue(html.contains("<title>||dL/dh|| at step 29</title>"), html);

        Run json = gradforge("diagnose", spec("adding-rnn.yaml"), "--steps", "30", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode t = Json.MAPPER.readTree(json.out()).get("after_training").get("through_time");
        assertEquals(3.0, t.get("threshold_decades").asDouble());
        JsonNode judged = t.get("judged").get(0);
        assertTrue(judged.get("attenuation_decades").asDouble() >= 3, judged.toString());
        JsonNode last = t.get("final").get(0);
        assertEquals("rnn_tanh", last.get("cell").asText());
        assertEquals(100, last.get("grad_norms_by_distance").size());
        assertEquals(1.0, last.get("pascanu_bound").asDouble());
        assertTrue(last.get("clipped").asBoolean(), "the spec clips");
        assertEquals("h", last.get("gates").get(0).get("gate").asText());
        JsonNode init = Json.MAPPER.readTree(json.out()).get("at_init").get("through_time");
        assertEquals("at init", init.get("judged").get(0).get("when").asText());
        assertEquals(1.0, init.get("at_init").get(0).get("max_singular_value_hh").asDouble(), 1e-9, "orthogonal");
    }

    @Test
    void diagnoseAtInitializationOnlyTrainsNothing() throws Exception {
        Run text = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "0", "--probe-rows", "200");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("at initialization only (--steps 0)"), text.out());
        assertTrue(text.out().contains("probe batch of 200 rows"), text.out());
        assertFalse(text.out().contains("DURING TRAINING"), text.out());
        assertTrue(text.out().contains("VERDICT AT INITIALIZATION (no training: --steps 0)\n  VANISHING"), text.out());
        // the per-layer ratio beside its mean-field prediction (a plain sigmoid chain: both near 0.055)
        assertTrue(text.out().contains(" r_mf\n"), text.out());
        Run json = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "0", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode j = Json.MAPPER.readTree(json.out());
        assertFalse(j.has("training"), json.out());
        assertEquals(64, j.get("probe_batch_rows").asInt());
        JsonNode init = j.get("at_init");
        assertEquals(50, init.get("ratios").size(), "51 dense layers");
        assertEquals(50, init.get("predicted_ratios").size());
        // Width 32: one layer's ratio fluctuates by a factor of 2; their geometric mean follows the theory.
        double logMeasured = 0, logPredicted = 0;
        for (int l = 5; l < 45; l++) {
            logMeasured += Math.log(init.get("ratios").get(l).asDouble()) / 40;
            logPredicted += Math.log(init.get("predicted_ratios").get(l).asDouble()) / 40;
        }
        assertEquals(Math.exp(logPredicted), Math.exp(logMeasured), 0.1 * Math.exp(logPredicted));
        assertTrue(j.get("verdict").get(0).asString().startsWith("VANISHING"), json.out());

        // --layers: the same geometric means over layers 6-45 (ratios r_6 .. r_44), text and JSON
        Run range = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "0", "--layers", "6:45", "--json");
        assertEquals(0, range.code(), range.err());
        JsonNode layers = Json.MAPPER.readTree(range.out()).get("layers");
        double logR = 0, logChi = 0;
        for (int l = 5; l < 44; l++) {
            logR += Math.log(init.get("ratios").get(l).asDouble()) / 39;
            logChi += Math.log(init.get("predicted_ratios").get(l).asDouble()) / 39;
        }
        assertEquals(Math.exp(logR), layers.get("geometric_mean_ratio").asDouble(), 1e-12 * Math.exp(logR));
        assertEquals(Math.exp(logChi), layers.get("predicted_geometric_mean_ratio").asDouble(), 1e-12);
        Run openEnded = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "0", "--layers", "6:");
        assertTrue(openEnded.out().contains("\nlayers 6-51: squared delta norm changes "), openEnded.out());
        Run badRange = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "0", "--layers", "9:3");
        assertEquals(Failures.BAD_INPUT, badRange.code());
        assertTrue(badRange.err().contains("--layers 9:3: expected FROM:TO or FROM:"), badRange.err());

        Run train = gradforge("train", spec("deep-sigmoid.yaml"), "--steps", "0");
        assertEquals(Failures.BAD_INPUT, train.code(), train.err());
        assertTrue(train.err().contains("only diagnose takes 0"), train.err());
        Run rows = gradforge("diagnose", spec("quickstart-train.yaml"), "--probe-rows", "100000");
        assertEquals(Failures.BAD_INPUT, rows.code(), rows.err());
        assertTrue(rows.err().contains("--probe-rows 100000 is more than the 512 rows"), rows.err());
    }

    @Test
    void diagnoseOverSeedsReportsMeanAndStandardDeviation() throws Exception {
        Run r = gradforge("diagnose", spec("relu30-he.yaml"), "--steps", "0", "--seeds", "3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(List.of(42, 43, 44), j.get("seeds").valueStream().map(JsonNode::asInt).toList());
        double[] scores = j.get("runs").valueStream().mapToDouble(x -> x.get("at_init").get("score").asDouble()).toArray();
        double mean = (scores[0] + scores[1] + scores[2]) / 3;
        double sd = Math.sqrt(((scores[0] - mean) * (scores[0] - mean) + (scores[1] - mean) * (scores[1] - mean)
                + (scores[2] - mean) * (scores[2] - mean)) / 2);
        JsonNode score = j.get("summary").get("at_init").get("score");
        assertEquals(mean, score.get("mean").asDouble(), 1e-12);
        assertEquals(sd, score.get("sd").asDouble(), 1e-12); // 0 here: relu30-he's init score is 1 at every seed
        JsonNode layer = j.get("summary").get("at_init").get("layers_at_init").get(3);
        assertEquals(32, layer.get("width").asInt(), "a number every run agrees on stays as it is");
        assertTrue(layer.get("delta_norm").get("sd").asDouble() > 0, "three initializations differ: " + layer);
        JsonNode jacobian = j.get("summary").get("jacobians").get("layers").get(3);
        double[] means = j.get("runs").valueStream().mapToDouble(x -> x.get("jacobians").get("layers").get(3)
                .get("mean_singular_value").asDouble()).toArray();
        assertEquals((means[0] + means[1] + means[2]) / 3, jacobian.get("mean_singular_value").get("mean").asDouble(),
                1e-12);
        assertTrue(jacobian.get("mean_singular_value").get("sd").asDouble() > 0, jacobian.toString());
        assertEquals(8, j.get("summary").get("jacobians").get("rows").asInt());

        Run text = gradforge("diagnose", spec("relu30-he.yaml"), "--steps", "0", "--seeds", "2");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("OVER 2 INITIALIZATIONS (seeds 42..43"), text.out());
        assertTrue(text.out().contains("health score at init "), text.out());
        assertTrue(text.out().contains("\nJacobian spectra at init (per layer, each the mean over 8 probe rows; mean ± "
                + "standard deviation over the initializations):\n"), text.out());
        assertTrue(text.out().contains("\ninput-output Jacobian: singular values mean "), text.out());
        Run export = gradforge("diagnose", spec("relu30-he.yaml"), "--seeds", "2", "--export", tmp.toString());
        assertEquals(Failures.BAD_INPUT, export.code());
        assertTrue(export.err().contains("--export writes one set of weights; it cannot go with --seeds 2"), export.err());
    }

    @Test
    void diagnoseReportDrawsTheFlowTheHeatmapsAndTheSpectrum() throws Exception {
        Path report = tmp.resolve("deep-sigmoid.html");
        Run r = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--steps", "40", "--report", report.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report      " + report), r.out());
        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertFalse(html.contains("<script"), "no script");
        assertEquals(List.of("http://www.w3.org/2000/svg"), java.util.regex.Pattern.compile("https?://[^\"' <]+")
                .matcher(html).results().map(java.util.regex.MatchResult::group).distinct().toList(), "nothing fetched");
        // Every chart is well-formed SVG: flow, |dW| heatmap, saturation heatmap, Jacobian spectra by layer and input
        // to output.
        var svgs = java.util.regex.Pattern.compile("(?s)<svg .*?</svg>").matcher(html).results()
                .map(java.util.regex.MatchResult::group).toList();
        assertEquals(5, svgs.size(), html);
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (String svg : svgs) {
            factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));
        }
        // The flow chart: 51 dense layers, the mean-field line (a plain chain), the verdict above it.
        assertTrue(svgs.get(0).contains("<title>mean-field |delta|</title>"), svgs.get(0));
        assertTrue(html.contains("<li>VANISHING: gradient shrinks"), html);
        // The heatmap: one cell per dense layer and health sample (51 layers x the samples of 40 steps).
        long cells = java.util.regex.Pattern.compile("<rect [^>]*><title>layer ").matcher(svgs.get(1)).results().count();
        assertEquals(0, cells % 51, "whole columns of 51 layers: " + cells);
        assertTrue(cells >= 51 * 5, "at least five samples: " + cells);
        // The spectra by layer: a mean dot per layer (51), a median line, a min..max band; the input-output spectrum
        // of the 2-input, 1-output network: one value
        assertTrue(svgs.get(3).contains("aria-label=\"Jacobian singular values by layer\""), svgs.get(3));
        assertEquals(51, java.util.regex.Pattern.compile("<circle class=\"dot\"[^>]*><title>layer ")
                .matcher(svgs.get(3)).results().count(), svgs.get(3));
        assertTrue(svgs.get(3).contains("<polygon points=") && svgs.get(3).contains("<polyline class=\"curve\""));
        assertTrue(svgs.get(4).contains("aria-label=\"singular values of the input-output Jacobian\""), svgs.get(4));
        assertTrue(svgs.get(4).contains("<title>sigma_1 = "), svgs.get(4));
        assertTrue(html.contains("<h2>Jacobian spectra by layer at init</h2>"), html);

        Run seeds = gradforge("diagnose", spec("deep-sigmoid.yaml"), "--seeds", "2", "--report", report.toString());
        assertEquals(Failures.BAD_INPUT, seeds.code());
        assertTrue(seeds.err().contains("--report draws one initialization"), seeds.err());
    }

    @Test
    void gradcheckPassesOnAResidualNetwork() {
        Run r = gradforge("gradcheck", spec("residual64.yaml"), "--rows", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("gradcheck residual64"), r.out());
        assertTrue(r.out().contains("passed: max relative error"), r.out());
    }

    /**
     * Every example network's gradients agree with finite differences, on the default 8 rows (about 25 s, hence
     * slow).
     * selu32 is left out: its 32 x 256 network takes about 2.5 minutes.
     */
    @Test
    @Tag("slow")
    void gradcheckPassesOnEveryExampleExperiment() throws Exception {
        List<Path> specs;
        try (Stream<Path> files = Files.list(Path.of(SPECS))) {
            specs = files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("selu32.yaml")).sorted().toList();
        }
        int experiments = 0;
        for (Path f : specs) {
            Run r = gradforge("gradcheck", f.toString(), "--quiet");
            if (r.code() == Failures.BAD_INPUT && r.err().contains("is a search spec")) continue;
            assertEquals(0, r.code(), f + ": " + r.out() + r.err());
            assertTrue(r.out().contains("passed: max relative error"), f + ": " + r.out());
            experiments++;
        }
        assertTrue(experiments >= 9, "only " + experiments + " experiment specs found");
    }

    @Test
    void badSpecIsOneLinePerProblemAndExitTwo() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nname: x\nnetwork:\n  input: 2\n  layers:\n    - dense: {units: 0, activation: rleu}\n"
                + "  output: 1\ntraining:\n  data: {generator: two_spirals}\n  loss: mse\n  steps: 10\n");
        for (String command : new String[] {"train", "diagnose", "gradcheck", "validate"}) {
            Run r = gradforge(command, bad.toString());
            assertEquals(Failures.BAD_INPUT, r.code(), command + ": " + r.err());
            assertTrue(r.err().contains("bad.yaml:6:22: units must be in [1, 100000] but was 0"), r.err());
            assertTrue(r.err().contains("bad.yaml:6:37: unknown activation 'rleu'; did you mean 'relu'?"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void searchSpecGivenToTrainPointsToSearch() {
        Run r = gradforge("train", spec("quickstart.yaml"));
        assertEquals(Failures.BAD_INPUT, r.code());
        assertTrue(r.err().contains("is a search spec; run it with 'gradforge search"), r.err());
    }

    @Test
    void missingFileIsOneLine() {
        Run r = gradforge("train", tmp.resolve("nope.yaml").toString());
        assertEquals(Failures.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
