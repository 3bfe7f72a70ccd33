package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.run.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches with the real evaluator (compile, screen, train, health), on tiny budgets. */
class TrainingSearchTest {
    @TempDir
    Path tmp;

    static SearchSpec shrink(SearchSpec s, long steps, int population, int generations, long maxEvaluations) {
        GaSpec g = s.ga();
        // Shrink what depends on the population first: each wither validates its copy.
        GaSpec ga = g.withTournamentSize(Math.min(g.tournamentSize(), population))
                .withElitism(Math.min(g.elitism(), population - 1)).withPopulation(population)
                .withGenerations(generations);
        return s.withTraining(s.training().withLength(TrainingLength.steps(steps))).withGa(ga)
                .withBudget(s.budget().withMaxEvaluations(maxEvaluations).withMaxTime(null));
    }

    @Test
    void realSearchIsIdenticalOnOneAndTwoThreads() throws Exception {
        SearchSpec spec = shrink(SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml")), 30, 6, 2, 30);
        SearchResult one = Search.builder(spec).threads(1).runDirectory(tmp.resolve("one")).build().run();
        SearchResult two = Search.builder(spec).threads(2).runDirectory(tmp.resolve("two")).build().run();
        assertNotNull(one.best());
        assertEquals(SearchTest.front(one), SearchTest.front(two));
        assertEquals(Files.readString(tmp.resolve("one/best.yaml")), Files.readString(tmp.resolve("two/best.yaml")));
        assertEquals(Files.readString(tmp.resolve("one/front.csv")), Files.readString(tmp.resolve("two/front.csv")));
        // best.yaml is an experiment gradforge train accepts, and training it repeats the search's run exactly
        var best = SpecReader.readExperiment(tmp.resolve("one/best.yaml"));
        assertEquals(one.best().seed(), best.training().seed());
        var rerun = Experiment.run(best, tmp.resolve("one/best.yaml")).result();
        assertEquals(one.best().outcome().lossCurve(), Outcome.curve(rerun.lossCurve()));
    }

    /**
     * The vanishing-gradient lesson: deep sigmoid/tanh chains without skips are flagged VANISHING in the first
     * generation, and what the search keeps (front and best) is not.
     */
    @Test
    void theFrontLeavesVanishingNetworksBehind() throws Exception {
        SearchSpec spec = shrink(SpecReader.readSearch(Path.of("..", "specs", "vanishing-search.yaml")), 40, 10, 2,
                40);
        SearchResult r = Search.builder(spec).threads(2).runDirectory(tmp.resolve("v")).build().run();
        List<Evaluation> first = r.evaluations().stream().filter(e -> e.generation() == 0).toList();
        // the least healthy of those that did not blow up (deep relu residual nets under sgd 0.05 may explode)
        Evaluation worst = first.stream().filter(e -> e.status() != EvaluationStatus.DIVERGED)
                .min(Comparator.comparingDouble(e -> e.outcome().health())).orElseThrow();
        assertTrue(first.stream().anyMatch(e -> e.outcome().flags().contains("VANISHING")),
                "some first-generation candidate vanishes");
        assertTrue(worst.outcome().flags().contains("VANISHING"), "the least healthy of generation 0 vanishes: "
                + worst.outcome());
        assertNotNull(r.best());
        double bestScore = Objectives.of(spec.objectives()).weighted(r.best().objectives());
        for (Evaluation e : r.evaluations()) {
            if (e.outcome().flags().contains("VANISHING")) {
                assertTrue(Objectives.of(spec.objectives()).weighted(e.objectives()) < bestScore);
            }
        }
        assertFalse(r.best().outcome().flags().contains("VANISHING"), r.best().outcome().toString());
        for (Evaluation e : r.front()) {
            assertFalse(e.outcome().flags().contains("VANISHING"), CandidateTraits.of(e.candidate()) + " " + e.outcome());
        }
    }

    @Test
    void screeningAtInitSkipsVanishingAndExplodingNetsAndTrainsHealthyOnes() throws Exception {
        SearchSpec v = shrink(SpecReader.readSearch(Path.of("..", "specs", "vanishing-search.yaml")), 20, 4, 1, 10);
        SearchSpec spec = v.withDescription(null).withBudget(new BudgetSpec(10, null, true, false)).withParallelism(1);
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        // keys: depth, width, activation [sigmoid, tanh, relu], init [xavier, he], skip [none, residual], norm,
        // clipping, learning rate
        Candidate sigmoid = codec.decode(new double[] {0.7, 0, 0.1, 0.1, 0.1, 0, 0, 0});
        Candidate relu = codec.decode(new double[] {0.7, 0, 0.9, 0.9, 0.1, 0, 0, 0});
        // 31 unscaled relu residual blocks with He init: the variance doubles per block
        Candidate reluResidual = codec.decode(new double[] {0.7, 0, 0.9, 0.9, 0.9, 0, 0, 0});
        assertEquals("sigmoid", CandidateTraits.of(sigmoid).activations().get(0));
        assertEquals("residual", CandidateTraits.of(reluResidual).skip());
        TrainingEvaluator evaluator = TrainingEvaluator.of(spec, null);
        Outcome bad = evaluator.evaluate(sigmoid, 1, 0, () -> false);
        assertEquals(EvaluationStatus.SCREENED_OUT, bad.status(), bad.toString());
        assertTrue(bad.flags().contains("VANISHING") && bad.health() < TrainingEvaluator.SCREEN_THRESHOLD);
        assertTrue(bad.reason().startsWith("screened out at init"), bad.reason());
        assertEquals(0, bad.steps(), "not trained");
        Outcome exploding = evaluator.evaluate(reluResidual, 1, 0, () -> false);
        assertEquals(EvaluationStatus.SCREENED_OUT, exploding.status(), exploding.toString());
        assertTrue(exploding.flags().contains("EXPLODING"), exploding.toString());
        Outcome good = evaluator.evaluate(relu, 1, 0, () -> false);
        assertTrue(good.status() != EvaluationStatus.SCREENED_OUT, good.toString());
        assertEquals(20, good.steps());
    }

    /** The example specs as written, end to end. */
    @Tag("slow")
    @Test
    void theExampleSearchesRunAsWritten() throws Exception {
        for (String file : List.of("quickstart.yaml", "vanishing-search.yaml")) {
            SearchSpec spec = SpecReader.readSearch(Path.of("..", "specs", file));
            SearchResult r = Search.builder(spec).runDirectory(tmp.resolve(file)).build().run();
            assertNotNull(r.best(), file);
            assertFalse(r.best().outcome().flags().contains("VANISHING"), file);
            assertEquals(SearchResult.StopReason.MAX_EVALUATIONS, r.stop(), file);
            assertEquals(spec.budget().maxEvaluations(), r.evaluations().stream().map(e -> e.candidate().canonical())
                    .distinct().count(), file + ": the whole budget on distinct candidates");
        }
    }
}
