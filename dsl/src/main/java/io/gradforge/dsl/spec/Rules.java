package io.gradforge.dsl.spec;

import io.gradforge.core.data.DatasetSplit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text of every validation rule, in one place. Records call {@code check...} in their compact
 * constructors (an {@link IllegalArgumentException} with the message); the YAML reader calls the same
 * {@code problem...} methods and attaches a line and column. So a spec built in Java and one read
 * from YAML get the same words.
 */
public final class Rules {

    private Rules() {}

    /** The only spec language version so far. */
    public static final int VERSION = 1;

    /** Estimated training memory (parameters, gradients, optimizer state, batch activations) above this is refused. */
    public static final long MAX_MEMORY_BYTES = 2L << 30;

    /** Expanded layer count (after repeat) above this is refused. */
    public static final long MAX_LAYERS = 10_000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** An inclusive integer range for one key. */
    public record IntBound(String key, long min, long max) {
        public @Nullable String problem(long value) {
            return value < min || value > max
                    ? key + " must be in [" + min + ", " + max + "] but was " + value : null;
        }

        public void check(long value) {
            Rules.check(problem(value));
        }
    }

    /** An inclusive real range for one key. */
    public record RealBound(String key, double min, double max) {
        public @Nullable String problem(double value) {
            if (!Double.isFinite(value)) {
                return key + " must be a finite number but was " + format(value);
            }
            return value < min || value > max
                    ? key + " must be in [" + format(min) + ", " + format(max) + "] but was " + format(value) : null;
        }

        public void check(double value) {
            Rules.check(problem(value));
        }
    }

    public static final IntBound INPUT = new IntBound("input", 1, 100_000);
    public static final IntBound UNITS = new IntBound("units", 1, 100_000);
    public static final IntBound REPEAT = new IntBound("repeat", 1, 10_000);
    /** A recurrent layer's sequence length. */
    public static final IntBound SEQUENCE_STEPS = new IntBound("steps", 1, 100_000);
    /** A truncation length (k, k1 or k2) of backpropagation through time; at most the layer's steps as well. */
    public static final IntBound TRUNCATION = new IntBound("truncation", 1, 100_000);
    public static final RealBound FORGET_BIAS = new RealBound("forget_bias", -100, 100);
    public static final RealBound EPS = new RealBound("eps", 1e-12, 1);
    public static final RealBound MOMENTUM = new RealBound("momentum", 0, 1);
    public static final RealBound BRANCH_SCALE = new RealBound("branch_scale", -1e3, 1e3);
    public static final RealBound LEARNING_RATE = new RealBound("learning_rate", 1e-12, 100);
    public static final IntBound WARMUP_STEPS = new IntBound("warmup_steps", 0, 1_000_000_000);
    public static final RealBound CLIP_THRESHOLD = new RealBound("clipping threshold", 1e-12, 1e12);
    public static final IntBound BATCH_SIZE = new IntBound("batch_size", 1, 1_000_000);
    public static final IntBound STEPS = new IntBound("steps", 1, 100_000_000);
    public static final IntBound EPOCHS = new IntBound("epochs", 1, 1_000_000);
    public static final RealBound VALIDATION_SPLIT = new RealBound("validation_split", 0, 0.9);
    public static final RealBound TARGET_LOSS = new RealBound("target_loss", 0, 1e12);
    public static final IntBound DEPTH = new IntBound("depth", 1, 1000);
    public static final IntBound STEPS_PER_LAYER = new IntBound("steps_per_layer", 1, 100_000_000);
    /** The masking probability of {@code training.pretraining}; above 0 for denoising, 0 for a plain autoencoder. */
    public static final RealBound PRETRAINING_NOISE = new RealBound("noise", 0,
            io.gradforge.core.train.Pretraining.MAX_NOISE);
    /** Grid values of a discretized range ({@code learning_rate: {min, max, steps}}). */
    public static final IntBound RANGE_STEPS = new IntBound("steps", 2, RealRangeGene.MAX_STEPS);
    public static final RealBound WEIGHT = new RealBound("weight", 0, 1e6);
    public static final IntBound MAX_EVALUATIONS = new IntBound("max_evaluations", 1, 10_000_000);
    public static final IntBound POPULATION = new IntBound("population", 2, 100_000);
    public static final IntBound GENERATIONS = new IntBound("generations", 1, 1_000_000);
    public static final IntBound TOURNAMENT_SIZE = new IntBound("tournament_size", 1, 100_000);
    public static final RealBound CROSSOVER_RATE = new RealBound("crossover_rate", 0, 1);
    public static final RealBound MUTATION_RATE = new RealBound("mutation_rate", 0, 1);
    public static final IntBound ELITISM = new IntBound("elitism", 0, 100_000);
    /** Children proposed per offspring, of which the search's model keeps the most promising. */
    public static final IntBound PROPOSALS = new IntBound("proposals", 1, 1000);
    public static final IntBound PARALLELISM = new IntBound("parallelism", 1, 4096);

    /** Throws {@link IllegalArgumentException} with {@code problem} unless it is null. */
    public static void check(@Nullable String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static @Nullable String nameProblem(String name) {
        return NAME.matcher(name).matches() && name.length() <= 200 ? null
                : "name must match [a-z0-9][a-z0-9._-]* (at most 200 characters) but was '" + name + "'";
    }

    public static @Nullable String versionProblem(long version) {
        return version == VERSION ? null
                : "unsupported version " + version + "; this Gradforge reads version " + VERSION;
    }

    /**
     * Why an output activation cannot go with a loss, or null: binary_cross_entropy and softmax_cross_entropy take
     * logits and apply the sigmoid (softmax) themselves, so a sigmoid or tanh output squashes the logits into a narrow
     * range (a sigmoid output before binary_cross_entropy applies the sigmoid twice: probabilities between 0.5 and 0.73).
     */
    public static @Nullable String outputLossProblem(String outputActivation, String loss) {
        boolean squashing = outputActivation.equals("sigmoid") || outputActivation.equals("tanh");
        boolean logits = loss.equals("binary_cross_entropy") || loss.equals("softmax_cross_entropy");
        if (!squashing || !logits) return null;
        String what = outputActivation.equals("sigmoid") && loss.equals("binary_cross_entropy")
                ? "applies the sigmoid twice (the network could only predict probabilities between 0.5 and 0.73)"
                : "squashes the logits into [" + (outputActivation.equals("sigmoid") ? "0" : "-1") + ", 1]";
        return "output activation " + outputActivation + " followed by loss " + loss + " " + what + ": " + loss
                + " takes logits and applies the " + (loss.equals("binary_cross_entropy") ? "sigmoid" : "softmax")
                + " itself; use activation: identity on the output (the default)";
    }

    public static String bothStepsAndEpochs() {
        return "give either steps or epochs, not both";
    }

    public static String neitherStepsNorEpochs() {
        return "training needs a length: give steps (e.g. steps: 2000) or epochs (e.g. epochs: 20)";
    }

    /** The noise rule of {@code training.pretraining}: denoising needs a masking probability, a plain autoencoder none. */
    public static @Nullable String pretrainingNoiseProblem(io.gradforge.core.train.Pretraining.Method method,
            double noise) {
        double max = io.gradforge.core.train.Pretraining.MAX_NOISE;
        return switch (method) {
            case DENOISING -> noise > 0 && noise <= max ? null : "noise must be in (0, " + format(max)
                    + "] for method denoising (the probability that each input is masked to 0) but was " + format(noise);
            case AUTOENCODER -> noise == 0 ? null : "noise " + format(noise) + " is given but method autoencoder"
                    + " reconstructs uncorrupted inputs; use method: denoising, or drop noise";
        };
    }

    /** Why layer {@code index} keeps a network from being pretrained. */
    public static String notPretrainable(int index, LayerSpec layer) {
        String kind = layer.getClass().getSimpleName().replace("LayerSpec", "").replace("Spec", "")
                .replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return "pretraining trains each hidden dense layer as an autoencoder, but entry " + index + " of network.layers"
                + " is " + kind + ", which it cannot pretrain; pretraining takes a plain stack of dense layers: remove"
                + " training.pretraining or that layer";
    }

    /** The budget rule of pretraining, in {@link io.gradforge.core.train.Trainer#budgetProblem}'s words. */
    public static @Nullable String pretrainingBudgetProblem(long pretrainingSteps, long budget) {
        return io.gradforge.core.train.Trainer.budgetProblem(pretrainingSteps, budget);
    }

    public static String emptyLayers(String where) {
        return where + " must hold at least one layer";
    }

    public static String memoryProblem(double params, double bytes) {
        return String.format("network is too large to train: about %,.0f parameters and %.1f GiB of training memory "
                + "(parameters, gradients, optimizer state and batch activations at 8 bytes each); the limit is %d GiB",
                params, bytes / (1L << 30), MAX_MEMORY_BYTES >> 30);
    }

    /**
     * "batch_size 1024 is larger than the 512 rows the data holds (two_spirals, samples 512); accepted: 1 to 512",
     * or null when the batch fits the training rows ({@code rows} less the validation split's).
     */
    public static @Nullable String batchLargerThanData(int batchSize, int rows, double validationSplit, String source) {
        int train = rows - DatasetSplit.validationRows(rows, validationSplit);
        if (batchSize <= train) return null;
        String held = train == rows ? "" : ", " + (rows - train) + " held out by validation_split " + validationSplit;
        return "batch_size " + batchSize + " is larger than the " + train + " training rows of the data (" + source
                + held + "); accepted: 1 to " + Math.max(1, train);
    }

    public static String tooManyLayers(double layers) {
        return String.format("network expands to %,.0f layers after repeat; the limit is %,d", layers, MAX_LAYERS);
    }

    public static String residualWidthMismatch(int inputWidth, int branchWidth) {
        return "residual branch maps width " + inputWidth + " to " + branchWidth
                + ", so the identity skip cannot be added; make the branch end with " + inputWidth
                + " units, or set projection: auto to learn a projection";
    }

    public static String emptyChoices(String key) {
        return key + " offers no choices; list at least one, e.g. choices: [...]";
    }

    public static String minAboveMax(String key, String min, String max) {
        return key + " has min " + min + " above max " + max + ", so no candidate exists";
    }

    /** "unknown activation 'rleu'; did you mean 'relu'? accepted: identity, sigmoid, ..." */
    public static String unknown(String noun, String bad, Collection<String> accepted) {
        String suggestion = suggest(bad, accepted);
        return "unknown " + noun + " '" + bad + "'" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                + " accepted: " + String.join(", ", accepted);
    }

    /** The closest accepted word within a small edit distance, or null. */
    public static @Nullable String suggest(String bad, Collection<String> accepted) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = bad.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String a : accepted) {
            int d = lower.equals(a) ? 0 : editDistance(lower, a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        int allowed = Math.max(1, Math.min(3, bad.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int editDistance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE / 2;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Numbers in messages: integers without ".0", others as Java prints them. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static <T> List<T> copy(List<T> list, String what) {
        Objects.requireNonNull(list, what);
        return List.copyOf(list);
    }
}
