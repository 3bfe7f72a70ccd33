package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path tmp;

    @Test
    void outcomesReadBackExactlyAndACutLastLineIsDropped() throws Exception {
        var spec = SearchTest.quickstart(10, false);
        Candidate c = ArchitectureCodec.of(spec).decode(new double[ArchitectureCodec.of(spec).length()]);
        Outcome trained = new Outcome(EvaluationStatus.TRAINED, 0.1234567890123, 17, 150, 0.987654321, List.of("DEAD_UNITS"),
                0.05, 1234, "used the budget", Outcome.curve(new double[] {0.7, 0.6, Double.NaN}));
        Outcome failed = Outcome.failed(new IllegalStateException("boom"), 99);
        Path file = tmp.resolve("journal.jsonl");
        try (Journal j = Journal.append(file)) {
            j.evaluation(new Evaluation(0, 3, c, 42, 0, trained, new double[] {0.8, 0.9}, 12), List.of("a", "b"));
            j.evaluation(new Evaluation(0, 4, c, 42, 1, failed, new double[] {0, 0}, 1), List.of("a", "b"));
        }
        Files.writeString(file, "{\"type\":\"evaluation\",\"gener", StandardOpenOption.APPEND); // killed mid-write
        Journal.Replay replay = Journal.read(file);
        assertEquals(trained, replay.outcomes().get(Journal.key(0, c.canonical())).outcome());
        assertEquals(failed, replay.outcomes().get(Journal.key(1, c.canonical())).outcome());
        assertEquals(2, replay.lines());
        assertTrue(Files.readString(file).endsWith("}\n"), "the cut line is truncated away");
        assertEquals(Arrays.asList(0.7, 0.6, Double.NaN), trained.lossCurve());

        Files.writeString(file, "not json\n", StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> Journal.read(file));
        assertTrue(e.getMessage().contains("journal.jsonl:3"), e.getMessage());
    }

    @Test
    void longCurvesAreReducedToBucketMeans() {
        double[] curve = new double[1000];
        Arrays.fill(curve, 2.0);
        List<Double> reduced = Outcome.curve(curve);
        assertEquals(Outcome.CURVE_POINTS, reduced.size());
        assertTrue(reduced.stream().allMatch(v -> v == 2.0));
    }
}
