package io.gradforge.search;

import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The first generation as a Latin hypercube over the genes: each value of a categorical gene appears equally often
 * (within one) across the population, in a random pairing with the other genes, and a continuous gene gets one key
 * from each of {@code size} equal slices. A uniform draw of a small population leaves values out by chance (with 6
 * members and 7 activations at least one activation is always missing, often three); a search that never sees a
 * value cannot learn that it is good. Members are distinct candidates (a repeat is re-drawn).
 *
 * @implNote Stateless; random numbers come from the generator passed in (the search's seeded one).
 */
final class StratifiedStart {
    private static final int MAX_TRIES = 64;

    private StratifiedStart() {}

    static List<Genotype<DoubleGene>> of(ArchitectureCodec codec, int size, RandomGenerator random) {
        int[] n = codec.cardinalities();
        double[][] keys = new double[size][n.length];
        for (int g = 0; g < n.length; g++) {
            int bins = n[g] == 0 ? size : n[g];
            int[] column = new int[size];
            for (int i = 0; i < size; i++) column[i] = i % bins;
            // which values get the extra members when size is not a multiple of the count: random too
            int[] relabel = permutation(bins, random);
            for (int i = 0; i < size; i++) column[i] = relabel[column[i]];
            int[] order = permutation(size, random);
            for (int i = 0; i < size; i++) keys[order[i]][g] = key(column[i], bins, random);
        }
        List<Genotype<DoubleGene>> population = new ArrayList<>(size);
        Set<String> seen = new HashSet<>();
        for (double[] u : keys) {
            String canonical = codec.decode(u).canonical();
            for (int tries = 0; seen.contains(canonical) && tries < MAX_TRIES; tries++) {
                int g = random.nextInt(n.length);
                int bins = n[g] == 0 ? size : n[g];
                u[g] = key(random.nextInt(bins), bins, random);
                canonical = codec.decode(u).canonical();
            }
            seen.add(canonical);
            population.add(ArchitectureCodec.genotype(u));
        }
        return population;
    }

    /** A random key inside bin {@code bin} of {@code bins}, clear of the bin's edges. */
    static double key(int bin, int bins, RandomGenerator random) {
        return (bin + 0.05 + 0.9 * random.nextDouble()) / bins;
    }

    private static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
