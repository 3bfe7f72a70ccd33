package io.gradforge.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.search.Candidate;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.GradientProfile;
import io.gradforge.search.Outcome;
import io.gradforge.search.PretrainingPhase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SearchReportTest {
    static final String NASTY = "spirals <b>&\"x'</b>";

    @TempDir
    Path tmp;

    static Candidate candidate(String activation, String init, int depth) throws Exception {
        String yaml = """
                version: 1
                kind: experiment
                name: fake
                network:
                  input: 2
                  layers:
                    - dense: {units: 16, activation: %s, init: %s, repeat: %d}
                  output: {units: 1, activation: identity}
                training:
                  data: {generator: two_spirals, samples: 64}
                  loss: binary_cross_entropy
                  optimizer: {name: adam, learning_rate: 0.01}
                  batch_size: 32
                  steps: 40
                """.formatted(activation, init, depth);
        ExperimentSpec e = SpecReader.experimentFromString(yaml, "fake.yaml");
        return Candidate.of("fake", e);
    }

    static List<Double> curve(double start, double end, boolean diverge) {
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < 20; i++) c.add(diverge && i > 12 ? Double.NaN : start * Math.pow(end / start, i / 19.0));
        return c;
    }

    /** Six evaluations: three trained (two on the front), one screened out, one diverged, one failed. */
    static RunRecord fakeRun(Path dir) throws Exception {
        Evaluation good = new Evaluation(0, 0, candidate("relu", "he_normal", 3), 1, 0,
                new Outcome(EvaluationStatus.TRAINED, 0.3, -1, 40, 0.95, List.of(), 0.2, 337, "used the budget",
                        curve(0.7, 0.2, false), null, java.util.Map.of(), new GradientProfile(List.of(1e-3, 1e-2, 0.1, 0.5),
                        List.of(2e-3, 1e-2, 5e-2, 0.3))), new double[] {0.7, 0.95}, 10);
        Evaluation fast = new Evaluation(0, 1, candidate("elu", "he_normal", 2), 2, 0,
                new Outcome(EvaluationStatus.TRAINED, 0.2, -1, 40, 0.6, List.of("EXPLODING"), 0.1, 300,
                        "used the budget", curve(0.7, 0.1, false), null, java.util.Map.of(), new GradientProfile(List.of(5.0, 0.5, 0.05),
                        List.of(Double.NaN, 0.4, 0.04))), new double[] {0.8, 0.6}, 10);
        Evaluation vanishing = new Evaluation(0, 2, candidate("sigmoid", "xavier_uniform", 4), 3, 0,
                new Outcome(EvaluationStatus.TRAINED, 0.9, -1, 40, 0.1, List.of("VANISHING", "SATURATED"), 0.69, 600,
                        "used the budget <slowly>", curve(0.7, 0.69, false)), new double[] {0.1, 0.1}, 10);
        Evaluation screened = new Evaluation(1, 0, candidate("sigmoid", "he_normal", 5), 4, 0,
                new Outcome(EvaluationStatus.SCREENED_OUT, Double.NaN, -1, 0, 0.01, List.of("VANISHING"), Double.NaN,
                        700, "screened out at init: health 0.010 < 0.05 & falling"), new double[] {0, 0}, 1);
        Evaluation diverged = new Evaluation(1, 1, candidate("relu", "lecun_normal", 5), 5, 0,
                new Outcome(EvaluationStatus.DIVERGED, Double.NaN, -1, 14, Double.NaN, List.of("DIVERGED"),
                        Double.NaN, 700, "loss became infinite at step 14", curve(0.7, 30, true)), new double[] {0, 0}, 3);
        Evaluation failed = new Evaluation(1, 2, candidate("tanh", "orthogonal", 2), 6, 0,
                Outcome.failed(new IllegalStateException("boom"), 300), new double[] {0, 0}, 0);
        return new RunRecord(NASTY, "a <description> & more", 42, "generations", Duration.ofSeconds(75),
                "gradforge test", List.of("convergence", "health"), List.of(1.0, 1.0),
                List.of(good, fast, vanishing, screened, diverged, failed), List.of(good, fast), good, dir);
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void theReportHasADotPerEvaluationARowPerFrontMemberAndEscapesNames() throws Exception {
        String html = SearchReport.html(fakeRun(tmp));
        assertEquals(6, count(html, "<circle class=\"dot\""), "one dot per evaluation");
        assertEquals(2, count(html, "<circle class=\"ring\"[^>]*><title>"), "one ring per front member");
        assertEquals(1, count(html, "<polygon class=\"best\"[^>]*><title>"), "one star");
        String front = html.substring(html.indexOf("<table class=\"front\">"), html.indexOf("</table>"));
        assertEquals(2, count(front, "<tr>") - 1, "two front rows");
        String failures = html.substring(html.indexOf("<table class=\"failures\">"));
        failures = failures.substring(0, failures.indexOf("</table>"));
        assertEquals(3, count(failures, "<tr>") - 1, "screened, diverged and failed rows");
        assertTrue(failures.contains("health 0.010 &lt; 0.05 &amp; falling"), failures);
        assertTrue(failures.contains("IllegalStateException: boom"));
        assertFalse(html.contains(NASTY), "the raw name never reaches the page");
        assertFalse(html.contains("<description>"));
        assertTrue(html.contains("spirals &lt;b&gt;&amp;&quot;x&#39;&lt;/b&gt;"), "the name, escaped");
        assertTrue(html.contains("gradforge train " + Svg.esc(tmp.resolve("best.yaml").toString())));
        assertFalse(html.contains("NaN"), "NaN is shown as -");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "nothing fetched");
        assertTrue(html.contains("sigmoid/tanh: 67% flagged VANISHING"), html);
    }

    @Test
    void theReportSaysWhetherHealthPredictsConvergenceOverTheTrainedCandidates() throws Exception {
        assertTrue(SearchReport.html(fakeRun(tmp)).contains("Too few candidates trained (4, at least 10"),
                "three trained and one diverged");
        List<Evaluation> es = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // the early score ranks the AUC exactly backwards; the objective is noise
            double auc = 0.1 + 0.05 * i;
            Outcome o = new Outcome(EvaluationStatus.TRAINED, auc, -1, 40, i % 2 == 0 ? 0.9 : 0.8, List.of(), 0.1,
                    300, "used the budget", curve(0.7, 0.1, false)).withMeasures(java.util.Map.of(
                    "early_score", 1.0 - 0.05 * i));
            es.add(new Evaluation(0, i, candidate("relu", "he_normal", 2 + i), i, 0, o, new double[] {1 - auc, 0.9},
                    10));
        }
        String html = SearchReport.html(new RunRecord("r", null, 1, "generations", null, "", List.of("convergence",
                "health"), List.of(1.0, 1.0), es, List.of(es.getFirst()), es.getFirst(), tmp));
        String section = html.substring(html.indexOf("<h2>Does health predict convergence here?</h2>"));
        assertTrue(section.contains("not a random sample"), "the caveat");
        assertTrue(section.contains("<td>health score from init and the first 10% of training</td><td class=\"num\">"
                + "12</td><td class=\"num\">-1.00</td><td class=\"num\">-1.00</td>"), section);
        assertTrue(section.contains("<td>health (the search&#39;s objective)</td><td class=\"num\">12</td>"), section);
    }

    @Test
    void aPretrainedCurveStartsAfterItsPretrainingStepsWhichAreMarked() throws Exception {
        Outcome o = new Outcome(EvaluationStatus.TRAINED, 0.5, -1, 40, 0.3, List.of("VANISHING"), 0.4, 337,
                "used the budget", curve(0.7, 0.4, false), new PretrainingPhase(60, List.of(0.2, 0.01), 0.25));
        Evaluation pretrained = new Evaluation(0, 0, candidate("sigmoid", "he_normal", 2), 1, 0, o,
                new double[] {0.5, 0.3}, 10);
        Evaluation plain = new Evaluation(0, 1, candidate("relu", "he_normal", 2), 2, 0,
                new Outcome(EvaluationStatus.TRAINED, 0.3, -1, 100, 0.9, List.of(), 0.2, 337, "used the budget",
                        curve(0.7, 0.2, false)), new double[] {0.7, 0.9}, 10);
        String svg = ReportCharts.lossCurves(List.of(new ReportCharts.Curve(pretrained, "p", "#111111", false),
                new ReportCharts.Curve(plain, "q", "#222222", false)));
        assertEquals(1, count(svg, "<line class=\"phase\""), svg);
        assertEquals(1, count(svg, ">pretraining</text>"), svg);
        assertTrue(svg.contains("60 steps of layer-wise pretraining, then fine-tuning"), svg);
        assertTrue(ReportCharts.traits(pretrained).contains("pretrained 60 steps (reconstruction loss by layer "
                + Svg.sig(0.2) + " " + Svg.sig(0.01) + "; health after it 0.250)"), ReportCharts.traits(pretrained));
        // both curves end at step 100 of the shared axis: the pretrained one's 40 supervised steps follow its 60
        java.util.regex.Matcher m = Pattern.compile("<path class=\"curve\" d=\"[^\"]*?([0-9.]+),[0-9.]+\" stroke=")
                .matcher(svg);
        List<String> ends = new ArrayList<>();
        while (m.find()) ends.add(m.group(1));
        assertEquals(2, ends.size(), svg);
        assertEquals(ends.get(0), ends.get(1));
    }

    /** Generation 0 scores (0.7, 0.95), (0.8, 0.6), (0.1, 0.1); generation 1 trains nothing, so scores 0. */
    @Test
    void progressByGenerationShowsBestMedianAndBestSoFarPerObjective() throws Exception {
        RunRecord run = fakeRun(tmp);
        var convergence = ReportCharts.generationScores(run, 0);
        assertEquals(List.of(new ReportCharts.GenerationScores(0, 3, 0.8, 0.7, 0.8),
                new ReportCharts.GenerationScores(1, 3, 0, 0, 0.8)), convergence);
        var health = ReportCharts.generationScores(run, 1);
        assertEquals(new ReportCharts.GenerationScores(0, 3, 0.95, 0.6, 0.95), health.get(0));
        assertEquals(0.95, health.get(1).bestSoFar());
        String html = SearchReport.html(run);
        assertTrue(html.contains("<h2>Progress by generation</h2>"));
        assertTrue(html.contains("generation 0 (3 candidates): best 0.950, median 0.600, best so far 0.950"), html);
        assertTrue(html.contains("aria-label=\"convergence score by generation"));
    }

    /** The two front members recorded their norms; generation 0's best by weighted score is "good". */
    @Test
    void gradientFlowOfTheFrontAndOfEachGenerationsBest() throws Exception {
        String html = SearchReport.html(fakeRun(tmp));
        assertTrue(html.contains("<h2>Gradient flow</h2>"));
        assertTrue(html.contains("fake-"), html);
        assertTrue(html.contains("at the end of training, layer by layer: 0.002 0.01 0.05 0.3"), html);
        assertTrue(html.contains("at init, layer by layer: 5 0.5 0.05"), html);
        assertTrue(html.contains("layer 1, generation 0: ||dL/dW|| of the generation&#39;s best 0.002")
                || html.contains("layer 1, generation 0: ||dL/dW|| of the generation's best 0.002"), html);
        assertEquals(4, count(html, "generation 0: \\|\\|dL/dW"), "one cell per layer of the best, one generation");
    }

    @Test
    void everySvgBlockIsWellFormedXml() throws Exception {
        String html = SearchReport.html(fakeRun(tmp));
        Matcher m = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
        int blocks = 0;
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        while (m.find()) {
            Document d = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", d.getDocumentElement().getLocalName());
            blocks++;
        }
        assertEquals(11, blocks, "scatter, two progress charts (one per objective), curves, front gradient flow, "
                + "gradients by generation and five bar charts");
    }

    @Test
    void writeReplacesTheFileAtomically() throws Exception {
        Path file = SearchReport.write(fakeRun(tmp));
        assertEquals(tmp.resolve("report.html"), file);
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        assertFalse(Files.exists(tmp.resolve("report.html.tmp")));
    }

    @Test
    void numbersAreFormattedForPeople() {
        assertEquals("-", Svg.fmt(Double.NaN, 3));
        assertEquals("0.500", Svg.fmt(0.5, 3));
        assertEquals("0.0132", Svg.sig(0.0132));
        assertEquals("1.00e-04", Svg.sig(1e-4));
        assertEquals("12,345", Svg.count(12345));
        assertEquals("1 min 15 s", SearchReport.duration(Duration.ofSeconds(75)));
        assertEquals(List.of(0.1, 0.2, 0.5, 1.0), Svg.Scale.log(0.1, 1, 0, 100).ticks());
        assertTrue(Svg.Scale.log(1e-2, 1e300, 0, 100).ticks().size() <= 7, "a few ticks even over 300 decades");
        assertEquals("1e6", Svg.tick(1e6, true));
        assertEquals("1000", Svg.tick(1000, true));
        assertEquals("0.2", Svg.tick(0.2 + 1e-17, false));
    }
}
