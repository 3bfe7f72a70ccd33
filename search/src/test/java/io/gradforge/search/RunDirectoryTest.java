package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.SearchSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    static List<String> names(List<Evaluation> evaluations) {
        return evaluations.stream().map(e -> e.candidate().experiment().name() + "@" + e.rung() + " "
                + java.util.Arrays.toString(e.objectives()) + " " + e.generation() + "/" + e.index()).toList();
    }

    @Test
    void readingARunBackGivesTheSearchsEvaluationsFrontAndBest() throws Exception {
        Path dir = tmp.resolve("run");
        SearchResult r = Search.builder(SearchTest.quickstart(60, true)).evaluator(new FakeEvaluator(0))
                .runDirectory(dir).build().run();
        RunDirectory.RecordedRun read = RunDirectory.read(dir);
        assertEquals(names(r.evaluations()), names(read.evaluations()));
        assertEquals(names(r.front()), names(read.front()));
        assertEquals(r.best(), read.best() == null ? null : r.best());
        assertEquals(r.best().candidate(), read.best().candidate());
        assertEquals(SearchTest.quickstart(60, true), read.spec());
        RunSummary summary = read.summary();
        assertNotNull(summary);
        assertEquals("max_evaluations", summary.stop());
        assertEquals(r.elapsed().toMillis(), summary.wall().toMillis(), "the wall time is the search's own");
        assertEquals(0, summary.resumes());
    }

    @Test
    void aSecondSearchInTheSameProcessIsRefusedWhileTheFirstHoldsTheDirectory() throws Exception {
        Path dir = tmp.resolve("run");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CandidateEvaluator blocking = (c, seed, rung, cancelled) -> {
            running.countDown();
            release.await();
            return new FakeEvaluator(0).evaluate(c, seed, rung, cancelled);
        };
        SearchSpec spec = SearchTest.quickstart(20, false);
        CompletableFuture<SearchResult> first = CompletableFuture.supplyAsync(() -> {
            try {
                return Search.builder(spec).threads(1).evaluator(blocking).runDirectory(dir).build().run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> Search.builder(spec)
                .evaluator(new FakeEvaluator(0)).runDirectory(dir).build().run());
        assertEquals(dir + ": in use by another search in this process; wait for it to end or give another "
                + "directory", e.getMessage());
        e = assertThrows(RunDirectoryException.class, () -> Search.resume(dir).evaluator(new FakeEvaluator(0))
                .build().run());
        assertTrue(e.getMessage().startsWith(dir + ": in use by another search"), e.getMessage());
        release.countDown();
        assertEquals(20, first.get(60, TimeUnit.SECONDS).evaluations().size());
        assertEquals(20, SearchTest.journalEvaluations(dir).size(), "nothing written twice");
        e = assertThrows(RunDirectoryException.class, () -> Search.builder(spec).evaluator(new FakeEvaluator(0))
                .runDirectory(dir).build().run());
        assertEquals(dir + ": holds the journal of another run already; continue it with --resume " + dir
                + ", or give another directory", e.getMessage());
        SearchResult resumed = Search.resume(dir).evaluator(new FakeEvaluator(0)).build().run();
        assertEquals(20, resumed.replayed(), "free again once the first search ended");
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathFreesTheDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            SearchSpec spec = SearchTest.quickstart(10, false);
            RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> Search.builder(spec)
                    .evaluator(new FakeEvaluator(0)).runDirectory(dir).build().run());
            assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(dir + ": in use by another search (pid "
                    + holder.pid() + " on ") + ".+, since \\d{4}-.+Z\\); wait for it to end, or give another "
                    + "directory \\(--out DIR\\)"), e.getMessage());
            assertTrue(!Files.exists(dir.resolve(RunDirectory.JOURNAL)) && !Files.exists(dir.resolve(RunDirectory.SPEC)),
                    "the refused search wrote nothing");
            holder.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // kill -9: the lock file stays, the lock goes
            assertTrue(Files.readString(dir.resolve(RunDirectory.LOCK)).contains("pid " + holder.pid()));
            SearchResult r = Search.builder(spec).evaluator(new FakeEvaluator(0)).runDirectory(dir).build().run();
            assertEquals(10, r.evaluations().size());
            assertTrue(Files.readString(dir.resolve(RunDirectory.LOCK))
                    .startsWith("pid " + ProcessHandle.current().pid() + " on "));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aResumedRunKeepsTheFirstRunsProvenanceAndListsItsResumes() throws Exception {
        SearchSpec spec = SearchTest.quickstart(60, false);
        Path dir = tmp.resolve("run");
        AtomicInteger seen = new AtomicInteger();
        SearchResult cut = Search.builder(spec).threads(1).evaluator(new FakeEvaluator(0)).runDirectory(dir)
                .version("first").cancellation(() -> seen.incrementAndGet() > 25).build().run();
        assertEquals(SearchResult.StopReason.CANCELLED, cut.stop());
        JsonMapper json = JsonMapper.builder().build();
        JsonNode first = json.readTree(dir.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(0, first.path("resumes").size());
        SearchResult resumed = Search.resume(dir).threads(1).evaluator(new FakeEvaluator(0)).version("second")
                .build().run();
        SearchResult again = Search.resume(dir).threads(1).evaluator(new FakeEvaluator(0)).version("third")
                .build().run();
        JsonNode s = json.readTree(dir.resolve(RunDirectory.SUMMARY).toFile());
        for (String k : List.of("start", "end", "elapsed_ms", "executed", "replayed", "cache_hits", "threads",
                "gradforge_version", "java_version", "os", "seed")) {
            assertEquals(first.get(k), s.get(k), k + " is the first run's");
        }
        assertEquals("first", s.path("gradforge_version").asString());
        assertEquals(cut.executed(), s.path("executed").asLong());
        assertEquals("max_evaluations", s.path("stop").asString(), "the result keys follow the latest outputs");
        assertEquals(60, s.path("evaluations").asInt());
        assertEquals(2, s.path("resumes").size());
        JsonNode r1 = s.path("resumes").get(0);
        assertEquals("second", r1.path("gradforge_version").asString());
        assertEquals(resumed.executed(), r1.path("executed").asLong());
        assertEquals(resumed.replayed(), r1.path("replayed").asLong());
        assertEquals("max_evaluations", r1.path("stop").asString());
        assertEquals(0, s.path("resumes").get(1).path("executed").asLong(), "nothing left to do the third time");
        assertEquals(60, again.replayed());
        RunSummary summary = RunDirectory.read(dir).summary();
        assertEquals(2, summary.resumes());
        assertEquals(Duration.ofMillis(s.path("elapsed_ms").asLong() + r1.path("elapsed_ms").asLong()
                + s.path("resumes").get(1).path("elapsed_ms").asLong()), summary.wall());

        Files.writeString(dir.resolve(RunDirectory.SUMMARY), "{\"start\": ");
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> Search.resume(dir)
                .evaluator(new FakeEvaluator(0)).build().run());
        assertEquals(dir.resolve(RunDirectory.SUMMARY) + ": not a run summary (not a JSON object); delete it and "
                + "resume the run to write it again (the first run's provenance in it is then lost)", e.getMessage());
    }

    @Test
    void notARunDirectorySaysWhatIsWrongAndWhatToGive() throws Exception {
        Path missing = tmp.resolve("missing");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path file = Files.writeString(tmp.resolve("quickstart.yaml"), "kind: search\n");
        String give = "give the directory a search wrote (gradforge search SPEC --out DIR)";
        assertEquals(missing + ": no such run directory; " + give,
                assertThrows(RunDirectoryException.class, () -> Search.resume(missing)).getMessage());
        assertEquals(empty + ": not a run directory of gradforge search (no search.yaml); " + give,
                assertThrows(RunDirectoryException.class, () -> Search.resume(empty)).getMessage());
        assertEquals(file + ": is a file, not a run directory; " + give,
                assertThrows(RunDirectoryException.class, () -> RunDirectory.read(file)).getMessage());
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> Search.builder(
                SearchTest.quickstart(10, false)).evaluator(new FakeEvaluator(0)).runDirectory(file).build().run());
        assertEquals(file + ": is a file; a run directory must be a directory (give another)", e.getMessage());
    }

    /**
     * A run directory written before checksums (by main at 04bd87c): one generation of 12, so a resume replays it
     * whole whatever later versions do after the first generation.
     */
    Path runBeforeChecksums() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("old"));
        for (String f : List.of("search.yaml", "journal.jsonl", "summary.json", "front.csv")) {
            try (var in = RunDirectoryTest.class.getResourceAsStream("run-before-checksums/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    @Test
    void aRunDirectoryWrittenBeforeChecksumsReadsAndResumes() throws Exception {
        Path dir = runBeforeChecksums();
        List<String> front = Files.readAllLines(dir.resolve("front.csv")).stream().skip(1)
                .map(l -> l.split(",")[2]).toList();
        RunDirectory.RecordedRun old = RunDirectory.read(dir);
        assertEquals(12, old.evaluations().size());
        assertEquals(front, old.front().stream().map(e -> e.candidate().experiment().name()).toList(),
                "the front as the old search wrote it");
        assertEquals("quickstart-d510ed6d", old.best().candidate().experiment().name());
        RunSummary summary = old.summary();
        assertEquals(Duration.between(summary.start(), java.time.Instant.parse("2026-12-06T14:18:54.017808935Z")),
                summary.wall(), "no elapsed_ms: end - start");
        assertEquals("max_evaluations", summary.stop());

        SearchResult resumed = Search.resume(dir).threads(1).build().run(); // every evaluation from the journal
        assertEquals(12, resumed.replayed());
        assertEquals(0, resumed.executed());
        assertEquals(front, resumed.front().stream().map(e -> e.candidate().experiment().name()).toList());
        assertEquals(1, RunDirectory.read(dir).summary().resumes());
    }

    @Test
    void theDifferenceBetweenTwoSpecsNamesTheSetting() throws Exception {
        SearchSpec run = SearchTest.quickstart(60, false);
        assertNull(RunDirectory.difference(run, run));
        assertEquals("ga.population is 3 there, auto in the run",
                RunDirectory.difference(run, run.withGa(run.ga().withPopulation(3))));
        assertEquals("seed is 7 there, 42 in the run", RunDirectory.difference(run, run.withSeed(7)));
        assertEquals("description is \"a note\" there, not set in the run",
                RunDirectory.difference(run, run.withDescription("a note")));
        assertEquals("description is \"a note\" in the run, not set there",
                RunDirectory.difference(run.withDescription("a note"), run));
        String budget = RunDirectory.difference(run, run.withBudget(new io.gradforge.dsl.spec.BudgetSpec(61, null,
                true, false)));
        assertEquals("budget is {max_evaluations: 61, screen_at_init: true, successive_halving: false} there, "
                + "{max_evaluations: 60, screen_at_init: true, successive_halving: false} in the run", budget);
    }

    /** The file {@code yaml}'s schema comment names, resolved from the directory {@code dir} the file is in. */
    static Path schemaOf(String yaml, Path dir) {
        String first = yaml.lines().findFirst().orElseThrow();
        String prefix = "# yaml-language-server: $schema=";
        assertTrue(first.startsWith(prefix), first);
        return dir.resolve(first.substring(prefix.length())).normalize();
    }

    @Test
    void theSchemaCommentOfARunsYamlResolvesFromTheRunDirectory() throws Exception {
        // the repository's layout: specs/quickstart.yaml, specs/schema/, runs/<run>/
        Path specs = Files.createDirectories(tmp.resolve("repo/specs/schema"));
        Files.copy(Path.of("..", "specs", SpecWriter.SCHEMA_PATH), specs.resolve("gradforge.schema.json"));
        Path specFile = Files.copy(Path.of("..", "specs", "quickstart.yaml"), tmp.resolve("repo/specs/quickstart.yaml"));
        Path dir = tmp.resolve("repo/runs/quickstart-1");
        SearchSpec spec = SearchTest.quickstart(20, false);
        SearchResult r = Search.builder(spec).specFile(specFile).evaluator(new FakeEvaluator(0)).runDirectory(dir)
                .build().run();
        for (String file : List.of(RunDirectory.SPEC, RunDirectory.BEST)) {
            String yaml = Files.readString(dir.resolve(file));
            assertTrue(yaml.startsWith(SpecWriter.schemaComment("../../specs/" + SpecWriter.SCHEMA_PATH)), yaml);
            assertTrue(Files.isRegularFile(schemaOf(yaml, dir)), file);
        }
        // only the comment differs from the canonical text, which candidate ids derive from
        String best = Files.readString(dir.resolve(RunDirectory.BEST));
        String canonical = SpecWriter.write(TrainingEvaluator.experiment(r.best().candidate(), r.best().seed()));
        assertEquals(canonical.substring(SpecWriter.SCHEMA_COMMENT.length()), best.substring(best.indexOf('\n') + 1));
        assertEquals(spec, RunDirectory.spec(dir));

        // this repository's runs/ (the directory need not exist to be pointed from)
        Path repoRun = Path.of("..", "runs", "quickstart-20260101-120000");
        String yaml = RunDirectory.yaml(spec, repoRun, Path.of("..", "specs", "quickstart.yaml"));
        assertTrue(Files.isRegularFile(schemaOf(yaml, repoRun)), yaml.lines().findFirst().orElseThrow());

        // no schema beside the spec nor in the working directory's specs/: no comment rather than a broken one
        String none = RunDirectory.yaml(spec, tmp.resolve("elsewhere/run"), tmp.resolve("elsewhere/spec.yaml"));
        assertEquals(SpecWriter.write(spec).substring(SpecWriter.SCHEMA_COMMENT.length()), none);
    }
}
