package io.gradforge.core.data;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of the classic long-range sequence tasks, the tests that showed why plain recurrent networks
 * fail and gated ones do not. Each row is one sequence of {@code steps} steps laid out as a recurrent layer reads
 * it: step t's features at columns t*F .. t*F+F-1 (features named "x0" ..). Every task asks for a decision at
 * the last step that depends on inputs far back, so it needs a recurrent layer that returns its last step.
 *
 * {@snippet :
 * Dataset adding = SequenceTasks.adding(10_000, 100, 42); // 2 features a step, target in [0, 2]
 * }
 */
public final class SequenceTasks {
    /** The longest sequence a generator makes. */
    public static final int MAX_STEPS = 100_000;

    private SequenceTasks() {}

    /**
     * The adding problem (Hochreiter &amp; Schmidhuber 1997; in the form of Le et al. 2015 and Arjovsky et al.
     * 2016): 2 features a step, a value uniform in [0, 1) and a marker that is 1 at two steps and 0 elsewhere, one
     * marked step uniform in the first half of the sequence and one in the second. The REGRESSION target is the
     * sum of the two marked values. Predicting the mean 1 always scores the variance of that sum, 1/6 = 0.167 MSE.
     *
     * @param steps T, at least 2
     */
    public static Dataset adding(int samples, int steps, long seed) {
        requireSamplesAndSteps(samples, steps, 2);
        requireSize(samples, steps, 2);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * steps * 2];
        double[] y = new double[samples];
        int half = steps / 2;
        for (int i = 0; i < samples; i++) {
            int row = i * steps * 2;
            for (int t = 0; t < steps; t++) x[row + 2 * t] = rng.nextDouble();
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            x[row + 2 * first + 1] = 1;
            x[row + 2 * second + 1] = 1;
            y[i] = x[row + 2 * first] + x[row + 2 * second];
        }
        return new Dataset("adding-" + steps, samples, steps * 2, 1, x, y, TaskKind.REGRESSION, List.of(),
                Dataset.numberedNames("x", steps * 2), null);
    }

    /**
     * A memory task (the many-to-one form of the copy task; Hochreiter &amp; Schmidhuber 1997, Arjovsky et al.
     * 2016): {@code symbols + 1} features a step; step 0 shows one of {@code symbols} symbols one-hot, the steps
     * after it are blank (all 0) and the last step raises the cue (the last feature). The MULTICLASS target is
     * the symbol shown at step 0, T-1 steps before it is asked for; guessing scores 1/symbols accuracy.
     *
     * @param steps T, at least 2
     * @param symbols at least 2
     */
    public static Dataset memory(int samples, int steps, int symbols, long seed) {
        requireSamplesAndSteps(samples, steps, 2);
        if (symbols < 2 || symbols > 1000) {
            throw new IllegalArgumentException("memory symbols must be in 2..1000 but was " + symbols + ".");
        }
        int features = symbols + 1;
        requireSize(samples, steps, features);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * steps * features];
        double[] y = new double[samples * symbols];
        for (int i = 0; i < samples; i++) {
            int row = i * steps * features;
            int symbol = rng.nextInt(symbols);
            x[row + symbol] = 1;
            x[row + (steps - 1) * features + symbols] = 1;
            y[i * symbols + symbol] = 1;
        }
        return new Dataset("memory-" + steps, samples, steps * features, symbols, x, y, TaskKind.MULTICLASS,
                Dataset.numberedLabels(symbols), Dataset.numberedNames("x", steps * features), null);
    }

    /**
     * Sequential parity: 1 feature a step, a bit as -1 or +1 uniformly; the BINARY target is 1 when an odd number
     * of the T bits are +1. Every bit matters to the answer, the first as much as the last.
     *
     * @param steps T, at least 1
     */
    public static Dataset parity(int samples, int steps, long seed) {
        requireSamplesAndSteps(samples, steps, 1);
        requireSize(samples, steps, 1);
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * steps];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            int ones = 0;
            for (int t = 0; t < steps; t++) {
                boolean one = rng.nextBoolean();
                x[i * steps + t] = one ? 1 : -1;
                if (one) ones++;
            }
            y[i] = ones % 2;
        }
        return binary("sequential-parity-" + steps, samples, steps, x, y);
    }

    /**
     * Delayed XOR: 1 feature a step, a bit as -1 or +1 uniformly; the BINARY target, read at the last step T-1, is
     * the XOR of the bits at steps T-2-delay and T-1-delay, so the network must hold two bits for {@code delay}
     * steps while further random bits arrive. delay = T-2 asks for the first two bits.
     *
     * @param steps T, at least 2
     * @param delay in 0 .. T-2
     */
    public static Dataset delayedXor(int samples, int steps, int delay, long seed) {
        requireSamplesAndSteps(samples, steps, 2);
        requireSize(samples, steps, 1);
        if (delay < 0 || delay > steps - 2) {
            throw new IllegalArgumentException("delayed XOR delay must be in 0.." + (steps - 2) + " (steps - 2) but was "
                    + delay + ".");
        }
        RandomGenerator rng = Rngs.create(seed);
        double[] x = new double[samples * steps];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            for (int t = 0; t < steps; t++) x[i * steps + t] = rng.nextBoolean() ? 1 : -1;
            boolean a = x[i * steps + steps - 2 - delay] > 0;
            boolean b = x[i * steps + steps - 1 - delay] > 0;
            y[i] = a ^ b ? 1 : 0;
        }
        return binary("delayed-xor-" + steps + "-" + delay, samples, steps, x, y);
    }

    private static Dataset binary(String name, int samples, int inputs, double[] x, double[] y) {
        return new Dataset(name, samples, inputs, 1, x, y, TaskKind.BINARY, List.of("0", "1"),
                Dataset.numberedNames("x", inputs), null);
    }

    private static void requireSamplesAndSteps(int samples, int steps, int minSteps) {
        if (samples < 1) throw new IllegalArgumentException("samples must be at least 1 but was " + samples + ".");
        if (steps < minSteps || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in " + minSteps + ".." + MAX_STEPS + " but was " + steps + ".");
        }
    }

    /** The feature array must fit one Java array. */
    private static void requireSize(int samples, int steps, int features) {
        long values = (long) samples * steps * features;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(samples + " sequences of " + steps + " steps of " + features
                    + " features are " + values + " values, more than one array holds (" + (Integer.MAX_VALUE - 8)
                    + "); generate fewer samples or shorter sequences.");
        }
    }
}
