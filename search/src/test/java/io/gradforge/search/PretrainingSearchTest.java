package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.train.Pretraining;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.PretrainingChoice;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretraining gene: decoding, what it leaves alone, evaluation, the journal. */
class PretrainingSearchTest {
    @TempDir
    Path tmp;

    static final String SEARCH = """
            version: 1
            kind: search
            name: pre
            space:
              input: 2
              output: 1
              depth: {min: 2, max: 3}
              width: [8]
              activation: [sigmoid]
              skip: [none, residual]
              pretraining: [none, {method: denoising, steps_per_layer: 5}]
            training:
              data: {generator: two_spirals, samples: 64}
              loss: bce
              batch_size: 16
              steps: 40
            budget: {max_evaluations: 6}
            ga: {population: 3, generations: 2}
            """;

    static SearchSpec spec() throws Exception {
        return SpecReader.searchFromString(SEARCH, "pre.yaml");
    }

    @Test
    void theGeneChoosesPretrainingForPlainStacksOnly() throws Exception {
        SearchSpec spec = spec();
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        ArchitectureCodec without = ArchitectureCodec.of(spec.withSpace(spec.space().withPretraining(
                io.gradforge.dsl.spec.SearchSpace.NO_PRETRAINING)));
        assertEquals(without.length() + 1, codec.length(), "one gene more, only when the space offers it");
        int gene = codec.length() - 1;
        assertEquals(2, codec.cardinalities()[gene]);
        int skipGene = gene - 4; // skip, normalization, clipping, learning rate, pretraining
        double[] u = new double[codec.length()];
        u[gene] = ArchitectureCodec.key(1, 2);
        u[skipGene] = ArchitectureCodec.key(0, 2);
        Candidate plain = codec.decode(u);
        assertEquals(PretrainingSpec.denoising(5), plain.experiment().training().pretraining());
        assertTrue(plain.canonical().contains("pretraining:"));
        assertEquals(1, codec.levels(u, 4)[gene]);
        u[skipGene] = ArchitectureCodec.key(1, 2); // residual: nothing to pretrain, the gene shapes nothing
        Candidate residual = codec.decode(u);
        assertNull(residual.experiment().training().pretraining());
        assertEquals(-1, codec.levels(u, 4)[gene]);
        u[gene] = ArchitectureCodec.key(0, 2);
        u[skipGene] = ArchitectureCodec.key(0, 2);
        Candidate none = codec.decode(u);
        assertNull(none.experiment().training().pretraining());
        // without pretraining the canonical text is the one a space without the gene decodes to
        double[] w = java.util.Arrays.copyOf(u, without.length());
        assertEquals(without.decode(w).canonical(), none.canonical());
    }

    @Test
    void theMutatorReachesBothValuesOfTheGene() throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(spec());
        Set<Boolean> seen = new HashSet<>();
        io.jenetics.util.RandomRegistry.using(java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(3),
                r -> {
                    for (int i = 0; i < 200; i++) {
                        var c = codec.decode(codec.encoding().newInstance());
                        seen.add(c.experiment().training().pretraining() != null);
                    }
                });
        assertEquals(Set.of(true, false), seen);
    }

    @Test
    void aPretrainedCandidateRecordsItsPhaseAndPaysForItsStepsInTheConvergenceScore() throws Exception {
        SearchSpec spec = spec();
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        double[] u = new double[codec.length()];
        u[codec.length() - 1] = ArchitectureCodec.key(1, 2);
        u[0] = ArchitectureCodec.key(1, 2); // depth 3
        Candidate c = codec.decode(u);
        Outcome o = TrainingEvaluator.of(spec, null).evaluate(c, 7, 0, () -> false);
        assertEquals(EvaluationStatus.TRAINED, o.status(), o.reason());
        PretrainingPhase p = o.pretraining();
        assertNotNull(p);
        assertEquals(15, p.steps());
        assertEquals(25, o.steps());
        assertEquals(40, o.totalSteps());
        assertEquals(3, p.reconstructionLoss().size());
        assertTrue(Double.isFinite(p.health()), "health after pretraining measured");
        GradientProfile g = o.gradients();
        assertNotNull(g);
        assertEquals(4, g.init().size(), "three hidden dense layers and the output layer");
        assertEquals(4, g.end().size());
        assertTrue(g.end().stream().allMatch(v -> v > 0 && Double.isFinite(v)), g.toString());
        double[] curve = {0.5, 0.5};
        assertEquals((3 + 2 * TrainingEvaluator.auc(curve, 1.0)) / 5, TrainingEvaluator.auc(curve, 1.0, 3), 1e-15);
        assertEquals(TrainingEvaluator.auc(curve, 1.0), TrainingEvaluator.auc(curve, 1.0, 0));

        Path file = tmp.resolve("journal.jsonl");
        try (Journal j = Journal.append(file)) {
            j.evaluation(new Evaluation(0, 0, c, 7, 0, o, new double[] {0.5, 0.5}, 3), List.of("a", "b"));
        }
        String line = Files.readString(file);
        assertTrue(line.contains("\"pretraining_steps\":15"), line);
        assertTrue(line.contains("\"health_after_pretraining\":"), line);
        assertTrue(line.contains("\"gradient_norms\":{\"init\":["), line);
        assertEquals(o, JournalReader.replay(file).outcomes().get(Journal.key(0, c.canonical())).outcome());
    }

    @Test
    void aSearchWithTheGeneRunsAndIsTheSameOnTheSameSeed() throws Exception {
        SearchSpec spec = spec();
        SearchResult a = Search.builder(spec).evaluator(TrainingEvaluator.of(spec, null))
                .runDirectory(tmp.resolve("a")).build().run();
        SearchResult b = Search.builder(spec).evaluator(TrainingEvaluator.of(spec, null))
                .runDirectory(tmp.resolve("b")).build().run();
        assertEquals(Files.readString(tmp.resolve("a/journal.jsonl")).lines().filter(l -> l.contains("\"type\":\"evaluation\""))
                        .map(l -> l.replaceAll("\"duration_ms\":[0-9]+,", "").replaceAll("\"crc32\":\"[0-9a-f]+\"", ""))
                        .toList(),
                Files.readString(tmp.resolve("b/journal.jsonl")).lines().filter(l -> l.contains("\"type\":\"evaluation\""))
                        .map(l -> l.replaceAll("\"duration_ms\":[0-9]+,", "").replaceAll("\"crc32\":\"[0-9a-f]+\"", ""))
                        .toList());
        assertTrue(a.evaluations().stream().anyMatch(e -> e.outcome().pretraining() != null));
        assertEquals(a.evaluations().stream().map(e -> e.candidate().canonical()).toList(),
                b.evaluations().stream().map(e -> e.candidate().canonical()).toList());
        assertTrue(a.evaluations().stream().allMatch(e -> e.status() != EvaluationStatus.FAILED),
                a.evaluations().stream().map(e -> e.outcome().reason()).toList().toString());
    }
}
