package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.SearchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's search lesson: over cell types on the adding problem (specs/adding-search.yaml, T = 50), the
 * gated cells make the front and the plain RNNs do not. Twelve evaluations of 400 training steps (about a
 * minute and a half on 2 shared cores), so slow.
 */
class RecurrentSearchTest {
    private static final Set<String> GATED = Set.of("lstm", "gru");

    @TempDir
    Path tmp;

    @Test
    @Tag("slow")
    void aSearchOverCellTypesOnTheAddingProblemPutsGatedCellsOnTheFront() throws Exception {
        SearchSpec spec = SpecReader.readSearch(Path.of("..", "specs", "adding-search.yaml"));
        spec = spec.withBudget(spec.budget().withMaxEvaluations(12));
        SearchResult result = Search.builder(spec).threads(2).runDirectory(tmp).build().run();
        assertNotNull(result.best());
        assertFalse(result.front().isEmpty());
        for (Evaluation e : result.front()) {
            String cell = CandidateTraits.of(e.candidate()).activationText();
            assertTrue(GATED.contains(cell), "front member " + e.candidate().experiment().name() + " is a " + cell);
        }
        // the best learned the task: its error a tenth of the trivial 1/6 or less (the tanh RNNs stay near 1/6)
        assertTrue(result.best().outcome().finalLoss() < 1.0 / 60, "best final MSE " + result.best().outcome().finalLoss());
        List<Evaluation> plain = result.evaluations().stream()
                .filter(e -> CandidateTraits.of(e.candidate()).activationText().startsWith("rnn_")).toList();
        assertFalse(plain.isEmpty(), "the search tried plain RNNs");
        double bestPlainAuc = plain.stream().mapToDouble(e -> e.outcome().auc()).min().orElseThrow();
        for (Evaluation e : result.front()) {
            assertTrue(e.outcome().auc() < bestPlainAuc, "front auc " + e.outcome().auc()
                    + " below every plain RNN's (best " + bestPlainAuc + ")");
        }
        // what shows a candidate names the cell and the truncation
        String front = Files.readString(tmp.resolve("front.csv"));
        assertTrue(front.lines().findFirst().orElseThrow().contains(",clipping,truncation,"), front);
        assertTrue(Files.readString(tmp.resolve("best.yaml")).contains("gru:")
                || Files.readString(tmp.resolve("best.yaml")).contains("lstm:"));
    }
}
