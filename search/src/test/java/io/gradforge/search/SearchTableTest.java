package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.IntRangeGene;
import io.gradforge.dsl.spec.SearchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tabulated spaces: every candidate evaluated once, searches replayed on the table. */
class SearchTableTest {
    @TempDir
    Path tmp;

    /** The quickstart space narrowed to 2 x 2 x 2 x 2 x 2 x 1 x 1 x 3 = 96 combinations. */
    static SearchSpec small() throws Exception {
        SearchSpec q = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        var s = q.space();
        return q.withSpace(new io.gradforge.dsl.spec.SearchSpace(s.input(), s.output(), IntRangeGene.of(1, 2),
                ChoiceGene.of(List.of(16, 32)), ChoiceGene.of(List.of(s.activation().choices().get(1),
                s.activation().choices().get(2))), ChoiceGene.of(List.of(s.init().choices().get(0),
                s.init().choices().get(1))), s.skip(), ChoiceGene.of(List.of(s.normalization().choices().get(0))),
                ChoiceGene.of(List.of(s.clipping().choices().get(0))), s.learningRate())).withParallelism(1);
    }

    static SearchTable tabulate(Path dir, CandidateEvaluator evaluator) throws Exception {
        SearchSpec spec = SearchTable.tableSpec(small(), 3);
        Search.builder(spec).evaluator(evaluator).runDirectory(dir).threads(2).tabulate().build().run();
        return SearchTable.read(dir);
    }

    @Test
    void tabulationEvaluatesEveryDistinctCandidateOnceAndTheTableReturnsExactlyItsValues() throws Exception {
        Map<String, Outcome> measured = new HashMap<>();
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator recording = (c, seed, rung, cancelled) -> {
            calls.incrementAndGet();
            Outcome o = new FakeEvaluator(0).evaluate(c, seed, rung, cancelled);
            synchronized (measured) {
                measured.put(c.canonical(), o);
            }
            return o;
        };
        SearchTable table = tabulate(tmp.resolve("table"), recording);
        assertEquals(96, table.rows().size());
        // depth 1 with a residual skip is the plain network: 2 x 2 x 2 x 3 = 24 combinations repeat one
        assertEquals(72, table.distinctCandidates());
        assertEquals(72, calls.get());
        assertEquals(List.of(0.001, 0.01, 0.1), table.spec().space().learningRate().values());
        for (SearchTable.Row row : table.rows()) {
            Outcome expected = measured.get(row.candidate().canonical());
            Outcome got = table.evaluator().evaluate(row.candidate(), 0, 0, () -> false);
            assertEquals(expected.status(), got.status(), row.genes().toString());
            assertEquals(expected.auc(), got.auc(), 0.0);
            assertEquals(expected.health(), got.health(), 0.0);
            assertEquals(expected.finalLoss(), got.finalLoss(), 0.0);
            assertEquals(expected.parameters(), got.parameters());
            assertEquals(expected.flags(), got.flags());
            assertEquals(expected.stepsToTarget(), got.stepsToTarget());
            assertEquals(expected.steps(), got.steps());
        }
        String header = Files.readAllLines(tmp.resolve("table/table.csv")).get(0);
        assertEquals("depth,width,activation,init,skip,normalization,clipping,learning_rate,candidate,status,auc,"
                + "health,steps_to_target,steps,final_loss,parameters,flags,reason", header);
    }

    @Test
    void aSearchOnATableWithTheSameSeedGivesTheSameFrontAndNeverTrains() throws Exception {
        SearchTable table = tabulate(tmp.resolve("table"), new FakeEvaluator(0));
        SearchSpec spec = table.spec().withBudget(io.gradforge.dsl.spec.BudgetSpec.of(30)).withGa(GaSpec.standard())
                .withSeed(5);
        SearchResult a = Search.builder(spec).evaluator(table.evaluator()).runDirectory(tmp.resolve("a")).build()
                .run();
        SearchResult b = Search.builder(spec).evaluator(table.evaluator()).runDirectory(tmp.resolve("b")).threads(2)
                .build().run();
        assertEquals(SearchTest.front(a), SearchTest.front(b));
        assertEquals(Files.readString(tmp.resolve("a/front.csv")), Files.readString(tmp.resolve("b/front.csv")));
        assertEquals(30, a.evaluations().size());
        for (Evaluation e : a.evaluations()) {
            assertEquals(table.outcome(e.candidate()).orElseThrow(), e.outcome());
        }
    }

    @Test
    void aCandidateNotInTheTableIsAClearError() throws Exception {
        SearchTable table = tabulate(tmp.resolve("table"), new FakeEvaluator(0));
        SearchSpec other = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        Candidate deep = ArchitectureCodec.of(other).decode(new double[ArchitectureCodec.of(other).length()]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> table.evaluator().evaluate(deep, 0, 0, () -> false));
        assertTrue(e.getMessage().startsWith("candidate quickstart-" + deep.id() + " is not in table "),
                e.getMessage());
        assertEquals("its space differs from the table's", table.mismatch(other));
    }

    @Test
    void aSpacePerLayerOrTooLargeIsRefusedByName() throws Exception {
        SearchSpec s = small();
        SearchSpec perLayer = s.withSpace(s.space().withWidth(s.space().width().withPerLayer(true)));
        var e = assertThrows(IllegalArgumentException.class, () -> SearchTable.tableSpec(perLayer, 3));
        assertEquals("a table needs one choice per network, but width is per_layer: true in search 'quickstart'; "
                + "set per_layer: false to tabulate it", e.getMessage());
        var continuous = assertThrows(IllegalArgumentException.class, () -> SearchTable.enumerate(s));
        assertTrue(continuous.getMessage().contains("has a continuous learning rate"), continuous.getMessage());
    }

    @Test
    void aDamagedTableIsRefusedWithItsLine() throws Exception {
        tabulate(tmp.resolve("table"), new FakeEvaluator(0));
        Path csv = tmp.resolve("table/table.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(5, lines.get(5).replace("TRAINED", "BOGUS").replace("DIVERGED", "BOGUS"));
        Files.write(csv, lines);
        var e = assertThrows(java.io.IOException.class, () -> SearchTable.read(tmp.resolve("table")));
        assertTrue(e.getMessage().startsWith(csv + ":6: unknown status 'BOGUS'"), e.getMessage());
        Files.write(csv, lines.subList(0, 50));
        var cut = assertThrows(java.io.IOException.class, () -> SearchTable.read(tmp.resolve("table")));
        assertTrue(cut.getMessage().contains("holds 49 rows but the space"), cut.getMessage());
    }

    @Test
    void aSearchStopsWhenTheSpaceIsUsedUp() throws Exception {
        SearchTable table = tabulate(tmp.resolve("table"), new FakeEvaluator(0));
        SearchSpec spec = table.spec().withBudget(io.gradforge.dsl.spec.BudgetSpec.of(500)).withGa(GaSpec.standard());
        SearchResult r = Search.builder(spec).evaluator(table.evaluator()).runDirectory(tmp.resolve("all")).build()
                .run();
        assertEquals(SearchResult.StopReason.EXHAUSTED, r.stop());
        assertTrue(r.evaluations().size() >= 70, "nearly every one of the 72 candidates: " + r.evaluations().size());
    }
}
