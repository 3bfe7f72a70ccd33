package io.gradforge.core.data;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** The one place the data package makes random generators: always from an explicit seed. */
final class Rngs {
    static final String ALGORITHM = "L64X128MixRandom";

    private Rngs() {}

    static RandomGenerator create(long seed) {
        return RandomGeneratorFactory.of(ALGORITHM).create(seed);
    }

    /** A uniformly random permutation of 0 .. n-1 (Fisher-Yates). */
    static int[] permutation(int n, RandomGenerator rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
