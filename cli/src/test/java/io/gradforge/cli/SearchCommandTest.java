package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingLength;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SearchCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run gradforge(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** specs/quickstart.yaml on a budget small enough for a test, written to a file. */
    Path smallQuickstart() throws Exception {
        SearchSpec s = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        SearchSpec small = s.withTraining(s.training().withLength(TrainingLength.steps(60)))
                .withBudget(new BudgetSpec(40, null, true, false))
                .withGa(s.ga().withTournamentSize(3).withElitism(2).withPopulation(8).withGenerations(4))
                .withParallelism(2);
        Path file = tmp.resolve("small.yaml");
        SpecWriter.write(small, file);
        return file;
    }

    static long evaluationLines(Path journal) throws Exception {
        if (!Files.exists(journal)) return 0;
        return Files.readAllLines(journal).stream().filter(l -> l.contains("\"type\":\"evaluation\"")).count();
    }

    @Test
    void aBadSpecExitsWith2AndNamesFileLineAndColumn() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of("..", "specs", "quickstart.yaml"))
                .replace("activation: {choices: [sigmoid,", "activation: {choices: [sigmoidd,"));
        Run r = gradforge("search", bad.toString(), "--out", tmp.resolve("never").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*bad\\.yaml:\\d+:\\d+: .*sigmoidd.*"), r.err());
        assertEquals(2, gradforge("search").code(), "no spec and no --resume is a usage error");
        assertEquals(2, gradforge("search", "--resume", tmp.resolve("nothing-here").toString()).code());
    }

    @Test
    void aKilledSearchResumesToTheSameBestAndFrontWithoutRedoingOrLosingEvaluations() throws Exception {
        Path spec = smallQuickstart();
        Path full = tmp.resolve("full");
        Run uninterrupted = gradforge("search", spec.toString(), "--out", full.toString(), "--json", "--quiet");
        assertEquals(0, uninterrupted.code(), uninterrupted.err());
        long total = evaluationLines(full.resolve("journal.jsonl"));

        Path cut = tmp.resolve("cut");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.gradforge.cli.Main", "search", spec.toString(), "--out", cut.toString(), "--threads", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (evaluationLines(cut.resolve("journal.jsonl")) < 5 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long journaled = evaluationLines(cut.resolve("journal.jsonl"));
        assertTrue(journaled >= 5 && journaled < total, "killed mid-run: " + journaled + " of " + total
                + " evaluations journaled\n" + Files.readString(tmp.resolve("child.log")));

        Run resumed = gradforge("search", "--resume", cut.toString(), "--json", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        JsonNode json = JsonMapper.builder().build().readTree(resumed.out());
        journaled = json.path("replayed").asLong(); // a line cut short by the kill is dropped, and redone
        assertEquals(total - journaled, json.path("executed").asLong(), "no journaled evaluation is redone");
        assertEquals(total, evaluationLines(cut.resolve("journal.jsonl")), "none is lost or duplicated");
        assertEquals(Files.readString(full.resolve("best.yaml")), Files.readString(cut.resolve("best.yaml")));
        assertEquals(Files.readString(full.resolve("front.csv")), Files.readString(cut.resolve("front.csv")));
        JsonNode fullJson = JsonMapper.builder().build().readTree(uninterrupted.out());
        assertEquals(fullJson.path("front").toString(), json.path("front").toString());
    }

    @Test
    void plainOutputShowsOneLinePerGenerationTheFrontAndWhereResultsAre() throws Exception {
        Path spec = smallQuickstart();
        Run r = gradforge("search", spec.toString(), "--out", tmp.resolve("run").toString(), "--seed", "7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("gen 0/4"), r.err());
        assertTrue(r.err().contains("gen 4/4"), r.err());
        assertTrue(r.out().contains("Pareto front"), r.out());
        assertTrue(r.out().contains("results: " + tmp.resolve("run")), r.out());
        assertTrue(Files.readString(tmp.resolve("run/search.yaml")).contains("seed: 7"));
    }

    @Test
    void runsLatestAlwaysNamesTheLastRunInRuns() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path first = Files.createDirectories(runs.resolve("quickstart-20261206-120000"));
        Path second = Files.createDirectories(runs.resolve("quickstart-20261206-130000"));
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.PrintWriter w = new java.io.PrintWriter(err);
        assertTrue(SearchCommand.linkLatest(runs, first, w));
        Files.writeString(first.resolve("best.yaml"), "first");
        assertEquals("first", Files.readString(runs.resolve("latest/best.yaml")));
        assertTrue(SearchCommand.linkLatest(runs, second, w));
        Files.writeString(second.resolve("best.yaml"), "second");
        assertEquals("second", Files.readString(runs.resolve("latest/best.yaml")));
        assertEquals(Path.of("quickstart-20261206-130000"), Files.readSymbolicLink(runs.resolve("latest")), "relative");
        assertFalse(SearchCommand.linkLatest(runs, tmp.resolve("elsewhere"), w), "only runs in runs/");
        try (var files = Files.list(runs)) {
            assertEquals(3, files.count(), "no temporary link left");
        }
        assertEquals("", err.toString());
    }
}
