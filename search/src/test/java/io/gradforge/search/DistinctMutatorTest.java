package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.SearchSpec;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The search's mutation under a fixed seed: different values, uniformly among the others, never a repeat. */
class DistinctMutatorTest {
    static final SearchSpec QUICKSTART;

    static {
        try {
            QUICKSTART = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Phenotype<DoubleGene, Double> evaluated(double[] u) {
        DoubleGene[] genes = new DoubleGene[u.length];
        for (int i = 0; i < u.length; i++) genes[i] = DoubleGene.of(u[i], 0, 1);
        return Phenotype.of(Genotype.of(DoubleChromosome.of(genes)), 0, 0.5);
    }

    static double[] keys(Phenotype<DoubleGene, Double> p) {
        var c = p.genotype().chromosome();
        double[] u = new double[c.length()];
        for (int i = 0; i < u.length; i++) u[i] = c.get(i).doubleValue();
        return u;
    }

    @Test
    void aMutatedCategoricalGeneTakesEachOtherValueEquallyOftenAndNeverItsOwn() {
        ArchitectureCodec codec = ArchitectureCodec.of(QUICKSTART);
        int activation = 2; // depth, width, activation (7 choices), ...
        assertEquals(7, codec.cardinalities()[activation]);
        double[] parent = new double[codec.length()];
        java.util.Arrays.fill(parent, 0.5);
        int own = ArchitectureCodec.pick(parent[activation], 7);
        int[] counts = new int[7];
        int n = 7000;
        DistinctMutator<Double> m = new DistinctMutator<>(codec, 1.0, canonical -> false, 1, new Surrogate(codec));
        RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(11), r -> {
            for (int i = 0; i < n; i++) {
                var out = m.alter(ISeq.of(evaluated(parent)), 1).population().get(0);
                counts[ArchitectureCodec.pick(keys(out)[activation], 7)]++;
            }
            return null;
        });
        assertEquals(0, counts[own], "a mutation always changes the value");
        // the six other values, 1000 expected each: chi-square with 5 degrees of freedom below 20.5 (p = 0.001)
        double chi2 = 0;
        for (int v = 0; v < 7; v++) {
            if (v != own) chi2 += Math.pow(counts[v] - n / 6.0, 2) / (n / 6.0);
        }
        assertTrue(chi2 < 20.5, "chi-square " + chi2 + " for " + java.util.Arrays.toString(counts));
    }

    @Test
    void everyChildIsNewEvenWhenNoGeneMutatedOrItRepeatsAnEvaluatedCandidate() {
        ArchitectureCodec codec = ArchitectureCodec.of(QUICKSTART);
        double[] parent = new double[codec.length()];
        java.util.Arrays.fill(parent, 0.3);
        String parentCanonical = codec.decode(parent).canonical();
        Set<String> evaluatedSet = new HashSet<>(List.of(parentCanonical));
        // rate 0: no gene mutates by chance, so every child needs the forced mutation to differ from its parent
        DistinctMutator<Double> m = new DistinctMutator<>(codec, 0.0, evaluatedSet::contains, 1,
                new Surrogate(codec));
        var population = ISeq.of(java.util.Collections.nCopies(20, evaluated(parent)));
        var result = RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(3),
                r -> m.alter(population, 1));
        assertEquals(20, result.alterations());
        Set<String> children = new HashSet<>();
        for (var child : result.population()) {
            assertTrue(child.nonEvaluated());
            String canonical = codec.decode(child.genotype()).canonical();
            assertNotEquals(parentCanonical, canonical);
            assertTrue(children.add(canonical), "no two children of one batch are the same candidate");
        }
    }

    @Test
    void theSameSeedGivesTheSameChildren() {
        ArchitectureCodec codec = ArchitectureCodec.of(QUICKSTART);
        double[] parent = new double[codec.length()];
        java.util.Arrays.fill(parent, 0.7);
        DistinctMutator<Double> m = new DistinctMutator<>(codec, 0.15, c -> false, 1, new Surrogate(codec));
        var population = ISeq.of(java.util.Collections.nCopies(10, evaluated(parent)));
        List<String> a = RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(9),
                r -> m.alter(population, 1).population().map(p -> codec.decode(p.genotype()).id()).asList());
        List<String> b = RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(9),
                r -> m.alter(population, 1).population().map(p -> codec.decode(p.genotype()).id()).asList());
        assertEquals(a, b);
    }
}
