package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingLength;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
        return smallQuickstartIn(tmp);
    }

    /** {@link #smallQuickstart()} written into {@code dir}. */
    Path smallQuickstartIn(Path dir) throws Exception {
        SearchSpec s = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        SearchSpec small = s.withTraining(s.training().withLength(TrainingLength.steps(60)))
                .withBudget(new BudgetSpec(40, null, true, false))
                .withGa(s.ga().withTournamentSize(3).withElitism(2).withPopulation(8).withGenerations(4))
                .withParallelism(2);
        Path file = dir.resolve("small.yaml");
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
        // the plan and the progress count to the same total: 8 + 4 generations of 2 new candidates (a quarter of 8)
        assertTrue(r.err().contains("population 8, up to 16 distinct evaluations in at most 4 generations (budget "
                + "40)"), r.err());
        assertTrue(r.err().contains("evals 16/16"), r.err());
    }

    /** A search of {@code spec} into {@code dir} in another JVM. */
    static Process searchInAnotherProcess(Path spec, Path dir, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.gradforge.cli.Main", "search", spec.toString(), "--out", dir.toString(), "--threads", "1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void twoSearchesOnOneDirectoryCannotBothRunAndTheSecondNamesTheFirst() throws Exception {
        Path spec = smallQuickstart();
        Path dir = tmp.resolve("run");
        Process first = searchInAnotherProcess(spec, dir, tmp.resolve("first.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (evaluationLines(dir.resolve("journal.jsonl")) < 1 && first.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(first.isAlive(), Files.readString(tmp.resolve("first.log")));
            Run second = gradforge("search", spec.toString(), "--out", dir.toString(), "--seed", "3");
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().matches(Pattern.quote("gradforge: " + dir + ": in use by another search (pid "
                    + first.pid() + " on ") + ".+, since .+\\); wait for it to end, or give another directory "
                    + "\\(--out DIR\\)\n"), second.err());
            Run resume = gradforge("search", "--resume", dir.toString(), "--quiet");
            assertEquals(2, resume.code(), resume.err());
            assertTrue(resume.err().startsWith("gradforge: " + dir + ": in use by another search (pid "
                    + first.pid()), resume.err());
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.log")));
        } finally {
            first.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"evaluation\"")).toList();
        assertEquals(16, lines.size(), "the first search's evaluations, each once");
        assertTrue(Files.readString(dir.resolve("search.yaml")).contains("seed: 42"), "the first search's spec");
    }

    @Test
    void resumeWithASpecComparesItWithTheSpecTheRunStartedWith() throws Exception {
        Path spec = smallQuickstart();
        Path dir = tmp.resolve("run");
        assertEquals(0, gradforge("search", spec.toString(), "--out", dir.toString(), "--seed", "7", "--quiet").code());
        Path changed = tmp.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(spec).replace("population: 8", "population: 3"));
        Run refused = gradforge("search", changed.toString(), "--resume", dir.toString());
        assertEquals(2, refused.code(), refused.err());
        assertEquals("gradforge: " + changed + " differs from " + dir.resolve("search.yaml") + ", the spec the run "
                + "started with: ga.population is 3 there, 8 in the run; resume with --resume " + dir + " alone, or "
                + "start a new run with the changed spec and another --out\n", refused.err());

        JsonNode before = JsonMapper.builder().build().readTree(dir.resolve("summary.json").toFile());
        // the same spec: its seed (42) was overridden by --seed 7 when the run started, and the run's seed wins
        Run resumed = gradforge("search", spec.toString(), "--resume", dir.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().startsWith("gradforge: note: " + spec + " says seed 42; the run keeps the seed it "
                + "started with, 7\n"), resumed.err());
        JsonNode json = JsonMapper.builder().build().readTree(resumed.out());
        assertEquals(0, json.path("executed").asLong(), "nothing redone: the run's seed was kept");
        assertEquals(16, json.path("replayed").asLong());
        assertTrue(Files.readString(dir.resolve("search.yaml")).contains("seed: 7"));
        JsonNode after = JsonMapper.builder().build().readTree(dir.resolve("summary.json").toFile());
        for (String k : List.of("start", "end", "elapsed_ms", "executed", "replayed")) {
            assertEquals(before.get(k), after.get(k), "resuming a finished run keeps the first run's " + k);
        }
        assertEquals(1, after.path("resumes").size());
        assertEquals(16, after.path("resumes").get(0).path("replayed").asLong());
        Run seed = gradforge("search", "--resume", dir.toString(), "--seed", "8");
        assertEquals(2, seed.code());
        assertEquals("gradforge: --seed 8 differs from the seed 7 the run in " + dir + " started with; a resumed run "
                + "keeps its seed\n", seed.err());
    }

    @Test
    void resumeAndSpecPathsThatAreNotWhatTheySeemSayWhatIsWrongAndWhatToDo() throws Exception {
        Path spec = smallQuickstart();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String give = "give the directory a search wrote (gradforge search SPEC --out DIR)\n";
        Run missing = gradforge("search", "--resume", tmp.resolve("missing").toString());
        assertEquals(2, missing.code());
        assertEquals("gradforge: " + tmp.resolve("missing") + ": no such run directory; " + give, missing.err());
        Run notRun = gradforge("search", "--resume", empty.toString());
        assertEquals(2, notRun.code());
        assertEquals("gradforge: " + empty + ": not a run directory of gradforge search (no search.yaml); " + give,
                notRun.err());
        Run specFile = gradforge("search", "--resume", spec.toString());
        assertEquals(2, specFile.code());
        assertEquals("gradforge: " + spec + ": is a file, not a run directory; " + give, specFile.err());
        SearchSpec small = SpecReader.readSearch(spec);
        Path csvSpec = tmp.resolve("csv-search.yaml");
        SpecWriter.write(small.withTraining(small.training().withData(new CsvData("empty", "y", CsvTask.AUTO,
                false))), csvSpec);
        Run csvDirectory = gradforge("search", csvSpec.toString(), "--out", tmp.resolve("csv-run").toString());
        assertEquals(2, csvDirectory.code(), csvDirectory.err());
        assertEquals("gradforge: " + empty + ": is a directory, not a data file; give the file's path in " + csvSpec
                + " (relative paths are relative to the spec file)\n", csvDirectory.err());
        Run directory = gradforge("search", empty.toString());
        assertEquals(2, directory.code());
        assertEquals("gradforge: " + empty + ": is a directory, not a spec file (give a .yaml file)\n",
                directory.err());
    }

    @Test
    void reportAndResumeRefuseTheSameDamagedJournalWithTheSameMessage() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, gradforge("search", smallQuickstart().toString(), "--out", dir.toString(), "--quiet").code());
        Path journal = dir.resolve("journal.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(2, lines.get(2).replace("\"status\":\"TRAINED\"", "\"status\":\"BOGUS\"")
                .replace("\"status\":\"SCREENED_OUT\"", "\"status\":\"BOGUS\""));
        Files.write(journal, lines);
        Run report = gradforge("report", dir.toString());
        Run resume = gradforge("search", "--resume", dir.toString(), "--quiet");
        assertEquals(2, report.code(), report.err());
        assertEquals(2, resume.code(), resume.err());
        assertTrue(report.err().startsWith("gradforge: " + journal + ":3: checksum mismatch (stored "), report.err());
        assertTrue(report.err().endsWith("delete line 3 (or truncate the journal before it) and resume; what it "
                + "held is evaluated again\n"), report.err());
        assertEquals(report.err(), resume.err());
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
