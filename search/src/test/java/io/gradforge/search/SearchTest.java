package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    @TempDir
    Path tmp;

    static SearchSpec quickstart(long maxEvaluations, boolean halving) throws Exception {
        SearchSpec q = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        return q.withDescription(null).withBudget(new BudgetSpec(maxEvaluations, null, true, halving))
                .withParallelism(2);
    }

    static List<String> front(SearchResult r) {
        return r.front().stream().map(e -> e.candidate().id() + " " + Arrays.toString(e.objectives()))
                .toList();
    }

    static List<String> journalEvaluations(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("journal.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"evaluation\"")).toList();
    }

    /** Each generation's summary without its time: what a run reports must not depend on the threads. */
    static final class Summaries implements SearchListener {
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onGeneration(GenerationSummary g) {
            lines.add(g.generation() + " " + g.executed() + " " + g.replayed() + " " + g.cacheHits() + " "
                    + g.evaluations() + " " + (g.best() == null ? "-" : g.best().candidate().id()) + " "
                    + g.frontSize());
        }
    }

    @Test
    void sameSeedGivesTheSameRunOnOneAndTwoThreads() throws Exception {
        SearchSpec spec = quickstart(200, false);
        Summaries oneSummaries = new Summaries();
        Summaries twoSummaries = new Summaries();
        SearchResult one = Search.builder(spec).threads(1).evaluator(new FakeEvaluator(0)).listener(oneSummaries)
                .runDirectory(tmp.resolve("one")).build().run();
        SearchResult two = Search.builder(spec).threads(2).evaluator(new FakeEvaluator(2)).listener(twoSummaries)
                .runDirectory(tmp.resolve("two")).build().run();
        assertNotNull(one.best());
        assertEquals(oneSummaries.lines, twoSummaries.lines, "every generation's summary");
        assertEquals(one.evaluations().stream().map(e -> e.generation() + "/" + e.index() + " " + e.candidate().id())
                .sorted().toList(), two.evaluations().stream().map(e -> e.generation() + "/" + e.index() + " "
                + e.candidate().id()).sorted().toList(), "which candidate each generation evaluated, where");
        assertEquals(front(one), front(two));
        assertEquals(one.best().candidate(), two.best().candidate());
        assertEquals(Files.readString(tmp.resolve("one/best.yaml")), Files.readString(tmp.resolve("two/best.yaml")));
        assertEquals(Files.readString(tmp.resolve("one/front.csv")), Files.readString(tmp.resolve("two/front.csv")));
        assertEquals(one.evaluations().size(), two.evaluations().size());
        assertEquals(SearchResult.StopReason.MAX_EVALUATIONS, one.stop());
        assertEquals(200, one.evaluations().size(), "the budget counts distinct evaluations and is spent whole");
        assertEquals(one.evaluations().size(), one.evaluations().stream().map(e -> e.candidate().canonical())
                .distinct().count(), "no candidate is evaluated twice");
        for (String f : List.of("search.yaml", "journal.jsonl", "best.yaml", "front.csv", "evaluations.csv",
                "summary.json")) {
            assertTrue(Files.exists(tmp.resolve("one").resolve(f)), f);
        }
        assertEquals(one.executed(), journalEvaluations(tmp.resolve("one")).size());
    }

    @Test
    void theNextGenerationTrainsWhileTheLastOneFinishes() throws Exception {
        SearchSpec spec = quickstart(120, false);
        FakeEvaluator fake = new FakeEvaluator(3);
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CandidateEvaluator recording = (c, seed, rung, cancelled) -> {
            events.add("start " + c.canonical());
            try {
                return fake.evaluate(c, seed, rung, cancelled);
            } finally {
                events.add("end " + c.canonical());
            }
        };
        SearchResult r = Search.builder(spec).threads(2).evaluator(recording).runDirectory(tmp.resolve("run"))
                .build().run();
        java.util.Map<String, Integer> generationOf = new java.util.HashMap<>();
        r.evaluations().forEach(e -> generationOf.put(e.candidate().canonical(), e.generation()));
        int last = r.evaluations().stream().mapToInt(Evaluation::generation).max().orElseThrow();
        int overlapping = 0;
        for (int g = 1; g < last; g++) {
            int lastEnd = -1;
            int nextStart = Integer.MAX_VALUE;
            for (int i = 0; i < events.size(); i++) {
                String[] ev = events.get(i).split(" ", 2);
                int gen = generationOf.get(ev[1]);
                if (gen == g && ev[0].equals("end")) lastEnd = i;
                if (gen == g + 1 && ev[0].equals("start")) nextStart = Math.min(nextStart, i);
            }
            if (nextStart < lastEnd) overlapping++;
        }
        // generation g + 1 is bred from the population before g, so it can start while g's last evaluation runs
        // (one generation at a time, none would); about half did in runs here (18-22 of 36, the machine loaded): it
        // does not when one thread spends all of g on a long evaluation of g - 1, which the next must wait for
        assertTrue(overlapping >= (last - 1) / 4, overlapping + " of " + (last - 1) + " generations overlapped");
    }

    @Test
    void failuresAndDivergencesAreRecordedWithReasonsAndScoreTheWorstFinitely() throws Exception {
        SearchResult r = Search.builder(quickstart(200, false)).evaluator(new FakeEvaluator(0))
                .runDirectory(tmp.resolve("run")).build().run();
        var statuses = r.evaluations().stream().map(Evaluation::status).collect(Collectors.toSet());
        assertTrue(statuses.contains(EvaluationStatus.DIVERGED), statuses.toString());
        for (Evaluation e : r.evaluations()) {
            for (double o : e.objectives()) assertTrue(Double.isFinite(o) && o >= 0 && o <= 1);
            if (e.status() != EvaluationStatus.TRAINED) {
                assertFalse(e.outcome().reason().isBlank());
                assertEquals(0.0, e.objective(0));
            }
        }
        String journal = Files.readString(tmp.resolve("run/journal.jsonl"));
        assertFalse(journal.contains(":NaN"), "NaN is written as null");
        assertTrue(journal.contains("diverged at step 10"));
    }

    @Test
    void anEvaluationThatThrowsIsRecordedAsFailedAndTheSearchCarriesOn() throws Exception {
        CandidateEvaluator throwing = (c, seed, rung, cancelled) -> {
            if (Math.floorMod(seed, 3) == 0) throw new IllegalStateException("kernel on fire");
            return new FakeEvaluator(0).evaluate(c, seed, rung, cancelled);
        };
        SearchResult r = Search.builder(quickstart(200, false)).evaluator(throwing)
                .runDirectory(tmp.resolve("run")).build().run();
        var failed = r.evaluations().stream().filter(e -> e.status() == EvaluationStatus.FAILED).toList();
        assertFalse(failed.isEmpty());
        assertEquals("IllegalStateException: kernel on fire", failed.get(0).outcome().reason());
        assertEquals(SearchResult.StopReason.MAX_EVALUATIONS, r.stop());
        assertNotNull(r.best());
    }

    @Test
    void nanMeasurementsNeverReachJenetics() throws Exception {
        CandidateEvaluator nan = (c, seed, rung, cancelled) -> new Outcome(EvaluationStatus.TRAINED, Double.NaN, -1,
                10, Math.floorMod(seed, 2) == 0 ? Double.NaN : Double.POSITIVE_INFINITY, List.of(), Double.NaN, 10,
                "odd");
        for (var mode : ObjectivesSpec.Mode.values()) {
            SearchSpec q = quickstart(40, false);
            var o = q.objectives();
            SearchSpec spec = q.withObjectives(new ObjectivesSpec(mode, 1, o.convergenceMeasure(), 1, 0.5))
                    .withParallelism(1);
            SearchResult r = Search.builder(spec).evaluator(nan).runDirectory(tmp.resolve(mode.name())).build().run();
            assertTrue(r.evaluations().size() > 12, "the search went on past generation 0");
            for (Evaluation e : r.evaluations()) {
                for (double v : e.objectives()) assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void maxEvaluationsStopsCleanlyWithOutputs() throws Exception {
        SearchResult r = Search.builder(quickstart(15, false)).evaluator(new FakeEvaluator(0))
                .runDirectory(tmp.resolve("run")).build().run();
        assertEquals(15, r.evaluations().size());
        assertEquals(SearchResult.StopReason.MAX_EVALUATIONS, r.stop());
        assertTrue(Files.exists(tmp.resolve("run/summary.json")));
    }

    @Test
    void maxTimeStopsCleanlyAndStillWritesOutputsWithProvenance() throws Exception {
        SearchSpec q = quickstart(200, false);
        SearchSpec spec = q.withBudget(new BudgetSpec(200, Duration.ofMillis(400), true, false));
        SearchResult r = Search.builder(spec).evaluator(new FakeEvaluator(40)).runDirectory(tmp.resolve("run"))
                .version("test-version").build().run();
        assertEquals(SearchResult.StopReason.MAX_TIME, r.stop());
        assertTrue(r.evaluations().size() < 40, "stopped early: " + r.evaluations().size());
        String summary = Files.readString(tmp.resolve("run/summary.json"));
        for (String s : List.of("\"seed\" : 42", "\"jenetics_version\" : \"8.3.0\"", "\"gradforge_version\" : \"test-version\"",
                "\"stop\" : \"max_time\"", "\"cores\"", "\"threads\" : 2", "\"jvm\"", "\"os\"", "\"java_version\"",
                "\"kernel\" : \"" + Kernels.get().name() + "\"", "\"start\"", "\"end\"",
                "\"cache_hits\"")) {
            assertTrue(summary.contains(s), s + " in " + summary);
        }
    }

    @Test
    void relativeCsvPathsAreResolvedAgainstTheSpecFileSoResumeAndBestYamlWorkAnywhere() throws Exception {
        SearchSpec q = quickstart(10, false);
        var t = q.training();
        var csv = new CsvData("data/x.csv", "y", CsvTask.AUTO, false);
        SearchSpec withCsv = q.withTraining(t.withData(csv)).withParallelism(1);
        Search s = Search.builder(withCsv).specFile(Path.of("/work/specs/iris-search.yaml")).build();
        assertEquals("/work/specs/data/x.csv",
                ((CsvData) s.spec().training().data()).path());
        assertEquals(withCsv, Search.builder(withCsv).build().spec(), "without a spec file nothing changes");
    }

    @Test
    void cancelNowAbandonsRunningTrainingsWhichAResumedRunRedoes() throws Exception {
        SearchSpec spec = quickstart(200, false);
        SearchResult full = Search.builder(spec).evaluator(new FakeEvaluator(0)).runDirectory(tmp.resolve("full"))
                .build().run();
        Path dir = tmp.resolve("cut");
        AtomicInteger started = new AtomicInteger();
        Search[] holder = new Search[1];
        CandidateEvaluator slow = (c, seed, rung, cancelled) -> {
            if (started.incrementAndGet() == 10) holder[0].cancelNow();
            while (started.get() >= 10 && !cancelled.getAsBoolean()) Thread.onSpinWait();
            if (cancelled.getAsBoolean()) throw new CancellationException("abandoned");
            return new FakeEvaluator(0).evaluate(c, seed, rung, cancelled);
        };
        holder[0] = Search.builder(spec).threads(2).evaluator(slow).runDirectory(dir).build();
        SearchResult cut = holder[0].run();
        assertEquals(SearchResult.StopReason.CANCELLED, cut.stop());
        assertEquals(journalEvaluations(dir).size(), cut.executed());
        assertTrue(cut.executed() < 10, "abandoned evaluations are not journaled: " + cut.executed());
        SearchResult resumed = Search.resume(dir).evaluator(new FakeEvaluator(0)).build().run();
        assertEquals(front(full), front(resumed));
        assertEquals(full.evaluations().size(), journalEvaluations(dir).size());
    }

    @Test
    void successiveHalvingGivesTheBetterHalfALongerRun() throws Exception {
        SearchResult r = Search.builder(quickstart(200, true)).evaluator(new FakeEvaluator(0))
                .runDirectory(tmp.resolve("run")).build().run();
        assertTrue(r.evaluations().stream().anyMatch(e -> e.rung() == 1));
        assertEquals(1, r.best().rung(), "the best was promoted");
    }

    @Test
    void aCancelledSearchResumesToTheSameResultWithoutRedoingAnything() throws Exception {
        SearchSpec spec = quickstart(200, true);
        SearchResult full = Search.builder(spec).evaluator(new FakeEvaluator(0)).runDirectory(tmp.resolve("full"))
                .build().run();

        AtomicInteger seen = new AtomicInteger();
        Path dir = tmp.resolve("cut");
        SearchResult cut = Search.builder(spec).threads(2).evaluator(new FakeEvaluator(1)).runDirectory(dir)
                .cancellation(() -> seen.get() >= 17)
                .listener(new SearchListener() {
                    @Override
                    public void onEvaluation(Evaluation e, boolean replayed) {
                        seen.incrementAndGet();
                    }
                }).build().run();
        assertEquals(SearchResult.StopReason.CANCELLED, cut.stop());
        int journaled = journalEvaluations(dir).size();
        assertTrue(journaled >= 17 && journaled < full.evaluations().size(), "journaled " + journaled);

        FakeEvaluator counting = new FakeEvaluator(0);
        SearchResult resumed = Search.resume(dir).threads(2).evaluator(counting).build().run();
        assertEquals(front(full), front(resumed));
        assertEquals(full.best().candidate(), resumed.best().candidate());
        assertEquals(Files.readString(tmp.resolve("full/best.yaml")), Files.readString(dir.resolve("best.yaml")));
        assertEquals(journaled, resumed.replayed(), "every journaled evaluation is replayed");
        assertEquals(full.evaluations().size() - journaled, counting.calls.get(), "none is redone");
        assertEquals(full.evaluations().size(), journalEvaluations(dir).size(), "none is lost");
        assertEquals(full.evaluations().size(), resumed.evaluations().size());
        long generationLines = Files.readAllLines(dir.resolve("journal.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"generation\"")).count();
        assertEquals(full.generations(), generationLines, "one summary per generation, none for the cut one");
    }
}
