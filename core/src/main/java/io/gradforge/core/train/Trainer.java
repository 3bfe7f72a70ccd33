package io.gradforge.core.train;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.DatasetSplit;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.optim.Schedule;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/**
 * Trains a {@link Network} on a {@link Dataset}: seeded mini-batch shuffling, a step or epoch budget, an optional
 * validation split, an optional target loss, and a loss curve recorded at every step. A loss or gradient that
 * becomes NaN or infinite ends the run as {@link TrainingStatus#DIVERGED} with the step it happened at; so does a
 * run whose loss stayed finite but ended far above where it started and above the constant predictor's loss
 * ({@link #DIVERGENCE_FACTOR}). With {@link Builder#pretraining} the run first pretrains each hidden dense layer
 * as an autoencoder ({@link Pretraining}), taking its steps from the same budget, then fine-tunes.
 *
 * {@snippet :
 * Trainer trainer = Trainer.builder()
 *         .loss(Loss.BINARY_CROSS_ENTROPY)
 *         .optimizer(OptimizerConfig.adam())
 *         .learningRate(0.01)
 *         .batchSize(64)
 *         .steps(2000)
 *         .seed(42)
 *         .build();
 * TrainingResult result = trainer.fit(network, Datasets.twoSpirals(512, 0.05, 1));
 * }
 *
 * @implNote A trainer is immutable and may be shared between threads; each {@link #fit} call owns its own state.
 *     After the first step, a step allocates nothing: batches are copied into buffers allocated once per run.
 */
public final class Trainer {
    /**
     * The seed of every run that does not choose one: trainers, experiment and search specs (YAML, builders and
     * records) all default to it. It is Gradforge's only default seed.
     */
    public static final long DEFAULT_SEED = 42L;

    private final Loss loss;
    private final OptimizerConfig optimizer;
    private final double learningRate;
    private final Schedule schedule;
    private final Clipping clipping;
    private final int batchSize;
    private final long steps;
    private final int epochs;
    private final double validationSplit;
    private final double targetLoss;
    private final long seed;
    private final @Nullable Pretraining pretraining;

    private Trainer(Builder b) {
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.schedule = b.schedule;
        this.clipping = b.clipping;
        this.batchSize = b.batchSize;
        this.steps = b.steps;
        this.epochs = b.epochs;
        this.validationSplit = b.validationSplit;
        this.targetLoss = b.targetLoss;
        this.seed = b.seed;
        this.pretraining = b.pretraining;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.loss = loss;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.schedule = schedule;
        b.clipping = clipping;
        b.batchSize = batchSize;
        b.steps = steps;
        b.epochs = epochs;
        b.validationSplit = validationSplit;
        b.targetLoss = targetLoss;
        b.seed = seed;
        b.pretraining = pretraining;
        return b;
    }

    public Loss loss() { return loss; }
    public Clipping clipping() { return clipping; }
    public long seed() { return seed; }
    public int batchSize() { return batchSize; }
    /** The pretraining phase before supervised training, or null when there is none. */
    public @Nullable Pretraining pretraining() { return pretraining; }

    /** The number of optimizer steps {@link #fit} will plan for a dataset of {@code dataSize} rows. */
    public long plannedSteps(int dataSize) {
        return totalSteps(dataSize - DatasetSplit.validationRows(dataSize, validationSplit));
    }

    /**
     * The steps of {@code network}'s pretraining phase ({@link Pretraining#steps}; 0 without pretraining): part of
     * {@link #plannedSteps}, the rest is fine-tuning.
     *
     * @throws IllegalArgumentException when pretraining is set and a hidden layer of {@code network} is not dense
     */
    public long pretrainingSteps(Network network) {
        return pretraining == null ? 0 : pretraining.steps(Pretrainer.hiddenLayers(network).size());
    }

    /**
     * The supervised steps {@link #fit} will plan: {@link #plannedSteps} less {@link #pretrainingSteps}.
     *
     * @throws IllegalArgumentException when pretraining leaves no step of the budget ({@link #budgetProblem})
     */
    public long fineTuningSteps(Network network, int dataSize) {
        long pretrainingSteps = pretrainingSteps(network);
        long planned = plannedSteps(dataSize);
        String problem = budgetProblem(pretrainingSteps, planned);
        if (problem != null) throw new IllegalArgumentException(problem + ".");
        return planned - pretrainingSteps;
    }

    /**
     * Why {@code pretrainingSteps} leave nothing of a budget of {@code budget} steps to fine-tune, or null when
     * they leave at least one step.
     */
    public static @Nullable String budgetProblem(long pretrainingSteps, long budget) {
        return pretrainingSteps < budget ? null : "pretraining takes " + pretrainingSteps + " steps of the budget of "
                + budget + ", which leaves no step to fine-tune; lower steps_per_layer or raise the budget";
    }

    private int batchFor(int trainRows) {
        return Math.max(1, Math.min(batchSize, trainRows));
    }

    private int stepsPerEpoch(int trainRows) {
        return Math.max(1, trainRows / batchFor(trainRows));
    }

    private long totalSteps(int trainRows) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch(trainRows);
    }

    /** Trains {@code network} in place and returns what happened. */
    public TrainingResult fit(Network network, Dataset data) {
        return fit(network, data, TrainingProbe.NONE, () -> false);
    }

    /**
     * Trains {@code network} in place, letting {@code probe} observe every step, and stopping early (status
     * CANCELLED, nothing lost) as soon as {@code cancelled} returns true or the thread is interrupted.
     */
    public TrainingResult fit(Network network, Dataset data, TrainingProbe probe, BooleanSupplier cancelled) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(cancelled, "cancelled");
        if (data.inputSize() != network.inputSize()) {
            throw new IllegalArgumentException("the data has " + data.inputSize() + " input features but the network expects "
                    + network.inputSize() + ".");
        }
        if (data.outputSize() != network.outputSize()) {
            throw new IllegalArgumentException("the data has " + data.outputSize() + " target columns but the network outputs "
                    + network.outputSize() + ".");
        }
        long start = System.nanoTime();
        Dataset train = data;
        @Nullable Dataset validation = null;
        if (validationSplit > 0) {
            var split = data.split(validationSplit, seed);
            train = split.train();
            validation = split.validation().size() > 0 ? split.validation() : null;
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty (dataset '" + data.name() + "' has " + data.size()
                    + " rows, validation split " + validationSplit + ").");
        }
        int batch = batchFor(train.size());
        int stepsPerEpoch = stepsPerEpoch(train.size());
        long totalSteps = totalSteps(train.size());
        @Nullable PretrainingResult pretrained = null;
        if (pretraining != null) {
            long pretrainingSteps = pretrainingSteps(network);
            String problem = budgetProblem(pretrainingSteps, totalSteps);
            if (problem != null) throw new IllegalArgumentException(problem + ".");
            pretrained = Pretrainer.run(pretraining, network, train, batch, seed, probe, cancelled);
            if (pretrained.status() != TrainingStatus.COMPLETED) {
                return new TrainingResult(pretrained.status(), 0, new double[0], Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, -1, pretrained.status() == TrainingStatus.DIVERGED ? 0 : -1, pretrained.reason(),
                        seed, System.nanoTime() - start, pretrained);
            }
            probe.afterPretraining(network, pretrained);
            totalSteps -= pretrainingSteps;
        }

        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Tensor x = Tensor.zeros(network.precision(), batch, network.inputSize());
        Tensor y = Tensor.zeros(network.precision(), batch, network.outputSize());
        Tensor grad = Tensor.zeros(network.precision(), batch, network.outputSize());
        List<Parameter> params = network.parameters();
        Optimizer opt = optimizer.create();
        double[] curve = new double[(int) Math.min(totalSteps, Integer.MAX_VALUE - 8)];

        // Target loss: the mean mini-batch loss over the last window of steps (at most one epoch, at most 20),
        // so one lucky batch does not stop the run and no extra evaluation pass is needed.
        int window = Math.min(stepsPerEpoch, 20);
        double windowSum = 0;
        long stepsToTarget = -1;
        long divergedAt = -1;
        TrainingStatus status = TrainingStatus.COMPLETED;
        String reason = "used the budget of " + totalSteps + " steps";
        int cursor = order.length; // forces a shuffle before the first batch
        long step = 0;
        for (; step < totalSteps; step++) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                status = TrainingStatus.CANCELLED;
                reason = "cancelled after " + step + " steps";
                break;
            }
            if (cursor + batch > order.length) {
                shuffle(order, rng);
                cursor = 0;
            }
            train.copyRows(order, cursor, batch, x, y);
            cursor += batch;

            Tensor prediction = network.forward(x, true);
            double value = loss.forwardBackward(prediction, y, grad);
            curve[(int) step] = value;
            if (!Double.isFinite(value)) {
                status = TrainingStatus.DIVERGED;
                divergedAt = step;
                reason = "the loss became " + value + " at step " + step;
                step++;
                break;
            }
            network.backwardParameters(grad);
            double gradNorm = clipping.apply(params);
            if (!Double.isFinite(gradNorm)) {
                status = TrainingStatus.DIVERGED;
                divergedAt = step;
                reason = "the gradient norm became " + gradNorm + " at step " + step;
                step++;
                break;
            }
            probe.afterBackward(step, network, value, gradNorm);
            double lr = schedule.learningRate(learningRate, step, totalSteps);
            if (probe.readsUpdateNorms(step)) {
                opt.measuredStep(params, lr);
            } else {
                opt.step(params, lr);
            }
            probe.afterUpdate(step, network, opt, lr);

            windowSum += value;
            if (step >= window) windowSum -= curve[(int) (step - window)];
            if (!Double.isNaN(targetLoss) && step + 1 >= window && windowSum / window <= targetLoss) {
                stepsToTarget = step + 1;
                status = TrainingStatus.TARGET_REACHED;
                reason = "reached the target loss " + targetLoss + " after " + (step + 1) + " steps";
                step++;
                break;
            }
        }
        if (status == TrainingStatus.COMPLETED && !Double.isNaN(targetLoss)) {
            reason = "used the budget of " + totalSteps + " steps without reaching the target loss " + targetLoss;
        }
        double[] recorded = Arrays.copyOf(curve, (int) step);
        if (status == TrainingStatus.COMPLETED) {
            double baseline = loss.baseline(train);
            long rose = finiteDivergence(recorded, baseline);
            if (rose >= 0) {
                status = TrainingStatus.DIVERGED;
                divergedAt = rose;
                reason = divergenceReason(recorded, baseline, rose);
            }
        }
        double trainLoss = Double.NaN, valLoss = Double.NaN, trainAcc = Double.NaN, valAcc = Double.NaN;
        if (status != TrainingStatus.DIVERGED) {
            DatasetEvaluation.Result t = DatasetEvaluation.evaluate(network, train, loss, batch);
            trainLoss = t.loss();
            trainAcc = t.accuracy();
            if (validation != null) {
                DatasetEvaluation.Result v = DatasetEvaluation.evaluate(network, validation, loss, batch);
                valLoss = v.loss();
                valAcc = v.accuracy();
            }
        }
        return new TrainingResult(status, step, recorded, trainLoss, valLoss, trainAcc, valAcc, stepsToTarget, divergedAt,
                reason, seed, System.nanoTime() - start, pretrained);
    }

    /**
     * A run whose loss ends above this multiple of both its start and the constant predictor's loss diverged,
     * though every loss stayed finite (a learning rate of 100 takes a cross-entropy from 0.69 to 268).
     */
    public static final double DIVERGENCE_FACTOR = 2.0;
    /** The end of a loss curve is the mean of this many steps (fewer in runs under ten times it). */
    public static final int DIVERGENCE_WINDOW = 20;

    /**
     * The rule for a finite divergence, the one place it is decided: with {@code start} the loss of the first step
     * (the network as initialized) and {@code end} the mean loss of the last {@code w = min(}{@value
     * #DIVERGENCE_WINDOW}{@code , steps / 10)} steps, the run diverged when
     * {@code end > }{@value #DIVERGENCE_FACTOR}{@code  * max(start, baseline)}, {@code baseline} being the loss of
     * the best constant prediction (ignored when not positive and finite). Runs shorter than 10 steps are never
     * called diverged this way.
     *
     * @return the first step whose loss exceeded that bound, or -1 if the run did not diverge
     */
    static long finiteDivergence(double[] curve, double baseline) {
        int n = curve.length;
        int w = Math.min(DIVERGENCE_WINDOW, n / 10);
        if (w < 1) return -1;
        double bound = DIVERGENCE_FACTOR * (baseline > 0 && Double.isFinite(baseline) ? Math.max(curve[0], baseline) : curve[0]);
        if (!(mean(curve, n - w, n) > bound)) return -1;
        for (int i = 0; i < n; i++) {
            if (curve[i] > bound) return i;
        }
        return n - 1;
    }

    static String divergenceReason(double[] curve, double baseline, long firstAbove) {
        int n = curve.length;
        int w = Math.min(DIVERGENCE_WINDOW, n / 10);
        return String.format(Locale.ROOT, "the loss rose from %.4g at the first step to %.4g (mean of the last %d steps),"
                        + " above %.0fx the larger of its start and the constant predictor's loss %.4g from step %d",
                curve[0], mean(curve, n - w, n), w, DIVERGENCE_FACTOR, baseline, firstAbove);
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }

    static void shuffle(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Configures a {@link Trainer}; setters reject bad values at once. */
    public static final class Builder {
        private Loss loss = Loss.MSE;
        private OptimizerConfig optimizer = OptimizerConfig.adam();
        private double learningRate = 1e-3;
        private Schedule schedule = Schedule.constant();
        private Clipping clipping = Clipping.none();
        private int batchSize = 64;
        private long steps = 1000;
        private int epochs = 0;
        private double validationSplit = 0;
        private double targetLoss = Double.NaN;
        private long seed = DEFAULT_SEED;
        private @Nullable Pretraining pretraining;

        private Builder() {}

        /** Greedy layer-wise pretraining before the supervised steps, inside the same budget; null for none. */
        public Builder pretraining(@Nullable Pretraining pretraining) { this.pretraining = pretraining; return this; }

        public Builder loss(Loss loss) { this.loss = Objects.requireNonNull(loss, "loss"); return this; }
        public Builder optimizer(OptimizerConfig optimizer) { this.optimizer = Objects.requireNonNull(optimizer, "optimizer"); return this; }
        public Builder schedule(Schedule schedule) { this.schedule = Objects.requireNonNull(schedule, "schedule"); return this; }
        public Builder clipping(Clipping clipping) { this.clipping = Objects.requireNonNull(clipping, "clipping"); return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }

        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite but was " + learningRate + ".");
            }
            this.learningRate = learningRate;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw new IllegalArgumentException("batch size must be in [1, 1000000] but was " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** A budget in optimizer steps (clears an epoch budget). */
        public Builder steps(long steps) {
            if (steps < 1 || steps > 100_000_000L) {
                throw new IllegalArgumentException("steps must be in [1, 100000000] but was " + steps + ".");
            }
            this.steps = steps;
            this.epochs = 0;
            return this;
        }

        /** A budget in epochs (clears a step budget); an epoch is floor(train size / batch size) steps. */
        public Builder epochs(int epochs) {
            if (epochs < 1 || epochs > 1_000_000) {
                throw new IllegalArgumentException("epochs must be in [1, 1000000] but was " + epochs + ".");
            }
            this.epochs = epochs;
            this.steps = 0;
            return this;
        }

        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.9)) {
                throw new IllegalArgumentException("validation split must be in [0, 0.9] but was " + fraction + ".");
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Stop when the smoothed training loss reaches this value; NaN (the default) means never. */
        public Builder targetLoss(double targetLoss) {
            if (!Double.isNaN(targetLoss) && !Double.isFinite(targetLoss)) {
                throw new IllegalArgumentException("target loss must be finite but was " + targetLoss + ".");
            }
            this.targetLoss = targetLoss;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
