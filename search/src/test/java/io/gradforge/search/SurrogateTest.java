package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.spec.SearchSpec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.Arrays;
import java.util.Collections;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The model of good gene values: what it counts, what it learns from planted signals, how the mutation uses it. */
class SurrogateTest {
    /** quickstart with everything per layer: depth 2-8, then 8 width, 8 activation, 8 init genes, ... */
    static final int WIDTH = 1;
    static final int ACTIVATION = 9;
    static final int INIT = 17;
    static final int LEARNING_RATE = 28;

    static SearchSpec spec() throws Exception {
        return ArchitectureCodecTest.wideOpen();
    }

    @Test
    void levelsAreTheDecodedValuesAndMinusOneForGenesThatShapeNothing() throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(spec());
        assertEquals(29, codec.length());
        double[] u = new double[codec.length()];
        Arrays.fill(u, 0.99);
        u[0] = 0.2; // depth 2 + pick(0.2, 7) = 3
        u[LEARNING_RATE] = 0.34; // continuous: bin 3 of 10
        int[] levels = codec.levels(u, 10);
        assertEquals(1, levels[0]);
        for (int layer = 0; layer < 8; layer++) {
            boolean shapes = layer < 3;
            assertEquals(shapes ? 2 : -1, levels[WIDTH + layer], "width of layer " + layer);
            assertEquals(shapes ? 6 : -1, levels[ACTIVATION + layer], "activation of layer " + layer);
            assertEquals(shapes ? codec.cardinalities()[INIT] - 1 : -1, levels[INIT + layer], "init " + layer);
        }
        assertEquals(3, levels[LEARNING_RATE]);
    }

    @Test
    void aPlantedGoodValueScoresHigherAndGenesThatShapeNothingDoNotCount() throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(spec());
        Surrogate model = new Surrogate(codec);
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(5);
        // 80 candidates; the good ones are those whose first layer is relu (activation index 2)
        for (int i = 0; i < 80; i++) {
            double[] u = r.doubles(codec.length()).toArray();
            boolean relu = ArchitectureCodec.pick(u[ACTIVATION], 7) == 2;
            model.observe(u, new double[] {relu ? 0.8 : 0.2 + 0.1 * r.nextDouble(), 0.5});
        }
        assertEquals(80, model.size());
        double[] base = new double[codec.length()];
        Arrays.fill(base, 0.5);
        base[0] = 0.0; // depth 2: layers 2-7 shape nothing
        double[] relu = base.clone();
        relu[ACTIVATION] = ArchitectureCodec.key(2, 7);
        double[] tanh = base.clone();
        tanh[ACTIVATION] = ArchitectureCodec.key(1, 7);
        assertTrue(model.score(relu) > model.score(tanh) + 1, model.score(relu) + " vs " + model.score(tanh));
        double[] inactive = relu.clone();
        inactive[ACTIVATION + 5] = 0.01;
        inactive[WIDTH + 7] = 0.01;
        assertEquals(model.score(relu), model.score(inactive), 0.0);
    }

    @Test
    void goodMeansFewestDominatingThenTheHighestSum() throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(spec());
        Surrogate model = new Surrogate(codec);
        double[] a = new double[codec.length()];
        Arrays.fill(a, 0.5);
        double[] b = a.clone();
        b[ACTIVATION] = ArchitectureCodec.key(2, 7);
        double[] c = a.clone();
        c[ACTIVATION] = ArchitectureCodec.key(4, 7);
        double[] d = a.clone();
        d[ACTIVATION] = ArchitectureCodec.key(6, 7);
        // a and b are both on the front (neither dominates the other); b has the higher sum; c, d are dominated
        model.observe(a, new double[] {0.9, 0.1});
        model.observe(b, new double[] {0.5, 0.6});
        model.observe(c, new double[] {0.4, 0.05});
        model.observe(d, new double[] {0.1, 0.05});
        // GAMMA 0.15 of 4 evaluations, rounded up: one good one, b
        assertTrue(model.score(b) > model.score(a), model.score(b) + " vs " + model.score(a));
        assertEquals(model.score(a), model.score(c), 1e-12);
        assertEquals(model.score(a), model.score(d), 1e-12);
    }

    @Test
    void theMutationKeepsTheProposalTheModelLikesBest() throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(ArchitectureCodecTest.spec("quickstart.yaml"));
        int activation = 2;
        Surrogate model = new Surrogate(codec);
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(8);
        for (int i = 0; i < 60; i++) {
            double[] u = r.doubles(codec.length()).toArray();
            boolean selu = ArchitectureCodec.pick(u[activation], 7) == 5;
            model.observe(u, new double[] {selu ? 0.9 : 0.1, selu ? 0.9 : 0.1});
        }
        double[] parent = new double[codec.length()];
        Arrays.fill(parent, 0.5);
        int[] withModel = activations(new DistinctMutator<>(codec, 0.3, c -> false, 8, model), codec, parent);
        int[] without = activations(new DistinctMutator<>(codec, 0.3, c -> false, 1, model), codec, parent);
        // a child is selu with probability 0.3 / 6 = 0.05 (10 of 200); the best of 8 proposals: 1 - 0.95^8 = 0.34
        assertTrue(without[5] < 25, Arrays.toString(without));
        assertTrue(withModel[5] > 45, Arrays.toString(withModel));
        assertArrayEquals(activations(new DistinctMutator<>(codec, 0.3, c -> false, 8, model), codec, parent),
                withModel, "the same seed gives the same children");
    }

    /** How often each activation value appears among 200 children of {@code parent}. */
    private static int[] activations(DistinctMutator<Double> m, ArchitectureCodec codec, double[] parent) {
        int[] counts = new int[7];
        var population = ISeq.of(Collections.nCopies(200, DistinctMutatorTest.evaluated(parent)));
        var result = RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(4),
                r -> m.alter(population, 1));
        for (var child : result.population()) counts[ArchitectureCodec.pick(DistinctMutatorTest.keys(child)[2], 7)]++;
        return counts;
    }
}
