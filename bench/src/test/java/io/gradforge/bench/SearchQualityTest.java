package io.gradforge.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import io.gradforge.search.Search;
import io.gradforge.search.SearchTable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchQualityTest {
    private static final String SPACE = """
            version: 1
            kind: search
            name: small
            space:
              input: 2
              output: {units: 1, activation: identity}
              depth: {min: 1, max: 3}
              width: {choices: [8, 16], per_layer: false}
              activation: {choices: [tanh, relu, sigmoid], per_layer: false}
              init: {choices: [xavier_uniform, he_normal]}
              skip: {choices: [none, residual]}
              learning_rate: {min: 1.0e-3, max: 1.0e-1, log: true}
            training:
              data: {generator: two_spirals, samples: 64}
              loss: binary_cross_entropy
              steps: 10
            objectives:
              mode: pareto
              convergence: {weight: 1.0, measure: auc}
              health: {weight: 1.0}
            ga: {population: 8, generations: 4}
            seed: 1
            """;

    @TempDir
    static Path tmp;
    static SearchTable table;

    /** A table tabulated with made-up outcomes: a pure function of the candidate, some of them failed. */
    @BeforeAll
    static void tabulate() throws Exception {
        var spec = SearchTable.tableSpec(SpecReader.searchFromString(SPACE, "small.yaml"), 3);
        Path dir = tmp.resolve("small");
        Search.builder(spec).tabulate().runDirectory(dir).threads(1).evaluator((c, seed, rung, cancelled) -> {
            int h = c.id().hashCode();
            if (Math.floorMod(h, 7) == 0) {
                return new Outcome(EvaluationStatus.DIVERGED, Double.NaN, -1, 3, 0, List.of(), Double.NaN, 10, "NaN");
            }
            return new Outcome(EvaluationStatus.TRAINED, Math.floorMod(h, 1000) / 900.0, -1, 10,
                    Math.floorMod(h >> 10, 1000) / 999.0, List.of(), 0.1, 10, "done");
        }).build().run();
        table = SearchTable.read(dir);
    }

    @Test
    void scoresAreGradforges() {
        assertArrayEquals(new double[] {0.75, 0.5}, SearchQuality.scores(outcome(EvaluationStatus.TRAINED, 0.25, 0.5)));
        assertArrayEquals(new double[] {0, 1}, SearchQuality.scores(outcome(EvaluationStatus.TRAINED, 1.4, 1.2)));
        assertArrayEquals(new double[] {1, 0}, SearchQuality.scores(outcome(EvaluationStatus.TRAINED, -0.1,
                Double.NaN)));
        assertArrayEquals(new double[] {0, 0}, SearchQuality.scores(outcome(EvaluationStatus.FAILED, 0.2, 0.9)));
    }

    private static Outcome outcome(EvaluationStatus status, double auc, double health) {
        return new Outcome(status, auc, -1, 10, health, List.of(), 0.1, 10, "x");
    }

    @Test
    void bestConvergenceCountsHealthyCandidatesOnly() {
        var r = SearchQuality.run("s", "t", 3, 1, List.of(new double[] {0.9, 0.5}, new double[] {0.4, 0.9},
                new double[] {0.3, 0.95}), 3, "");
        assertEquals(0.4, r.bestConvergence());
        assertEquals(3, r.distinct());
        assertEquals(0.9 * 0.5 + 0.4 * 0.4 + 0.3 * 0.05, r.hypervolume(), 1e-12);
        assertTrue(Double.isNaN(SearchQuality.run("s", "t", 1, 1, List.of(new double[] {0.9, 0.5}), 1, "")
                .bestConvergence()));
        assertEquals("s,t,1,1,1,0.450000,,1,", SearchQuality.run("s", "t", 1, 1, List.of(new double[] {0.9, 0.5}),
                1, "").csv());
    }

    @Test
    void randomSamplingDrawsDistinctCandidatesAndCoversTheTableAtItsSize() {
        List<double[]> distinct = SearchQuality.distinctScores(table);
        assertEquals(table.distinctCandidates(), distinct.size());
        var some = SearchQuality.random(distinct, "small", 10, 5);
        assertEquals(10, some.distinct());
        assertEquals(some, SearchQuality.random(distinct, "small", 10, 5));
        var all = SearchQuality.random(distinct, "small", 10_000, 5);
        assertEquals(distinct.size(), all.distinct());
        assertEquals(Hypervolume.of(distinct), all.hypervolume(), 1e-15);
        assertTrue(some.hypervolume() <= all.hypervolume());
    }

    @Test
    void gradforgeRunsTheRealSearchWithinTheBudget() throws Exception {
        var r = SearchQuality.gradforge(table, table.spec(), "small", 12, 3, tmp);
        assertEquals(12, r.distinct());
        assertTrue(r.trials() >= 12);
        assertTrue(r.note().startsWith("max_evaluations"), r.note());
        assertEquals(r, SearchQuality.gradforge(table, table.spec(), "small", 12, 3, tmp)); // same seed, same run
        // a budget beyond what 5 generations of 8 can propose: the run ends with its generations
        var big = SearchQuality.gradforge(table, table.spec(), "small", 200, 3, tmp);
        assertTrue(big.distinct() < 40 && big.distinct() > 12, big.toString());
        assertTrue(big.note().startsWith("generations"), big.note());
        assertTrue(big.hypervolume() <= Hypervolume.of(SearchQuality.distinctScores(table)));
        try (var left = java.nio.file.Files.list(tmp)) {
            assertEquals(List.of("small"), left.map(p -> p.getFileName().toString()).toList(), "scratch deleted");
        }
    }

    @Test
    void rejectsBadOptions() {
        var o = SearchQuality.parse(new String[] {"t1", "--seeds", "3-5", "--budgets", "10,20"});
        assertEquals(3, o.firstSeed());
        assertEquals(5, o.lastSeed());
        assertEquals(List.of(10, 20), o.budgets());
        assertEquals(List.of("gradforge", "random"), o.strategies());
        var e = assertThrows(IllegalArgumentException.class,
                () -> SearchQuality.parse(new String[] {"t", "--strategies", "tpe"}));
        assertEquals("unknown strategy 'tpe'; accepted: gradforge, random (the Optuna peers run in Python)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchQuality.parse(new String[] {"t", "--seeds", "5-3"}));
        assertThrows(IllegalArgumentException.class, () -> SearchQuality.parse(new String[] {"--seeds", "5"}));
    }
}
