package io.gradforge.dsl.builder;

import io.gradforge.core.train.Trainer;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.ScheduleSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to train, as YAML's {@code training:}. {@code data}, {@code loss} and exactly one of {@code steps}
 * and {@code epochs} are required; the rest start at the reader's defaults (adam 0.01, constant schedule,
 * no clipping, batch 32, no validation, no target loss, float64, seed 42).
 *
 * {@snippet lang=kotlin :
 * training {
 *     data = twoSpirals(512, 0.1)
 *     loss = BINARY_CROSS_ENTROPY
 *     optimizer = adam(0.01)
 *     steps = 2000
 * }
 * }
 */
@GradforgeDsl
public final class TrainingBuilder {

    private @Nullable DataSpec data;
    private @Nullable String loss;
    private OptimizerSpec optimizer = OptimizerSpec.of("adam", OptimizerSpec.DEFAULT_LEARNING_RATE);
    private ScheduleSpec schedule = ScheduleSpec.constant();
    private ClippingSpec clipping = ClippingSpec.none();
    private int batchSize = TrainingSpec.DEFAULT_BATCH_SIZE;
    private long steps;
    private boolean stepsSet;
    private long epochs;
    private boolean epochsSet;
    private double validationSplit;
    private @Nullable Double targetLoss;
    private FloatPrecision precision = FloatPrecision.FLOAT64;
    private long seed = Trainer.DEFAULT_SEED;
    private @Nullable PretrainingSpec pretraining;

    TrainingBuilder() {}

    /** The training data, or null while not set. */
    public @Nullable DataSpec getData() {
        return data;
    }

    /** Required; see {@link DataSources}. (Nullable only so that Kotlin sees a {@code var}.) */
    public void setData(@Nullable DataSpec data) {
        this.data = data;
    }

    /** The loss name, or null while not set. */
    public @Nullable String getLoss() {
        return loss;
    }

    /** Required; see {@link Losses}. */
    public void setLoss(@Nullable String loss) {
        this.loss = loss;
    }

    /** The optimizer. */
    public OptimizerSpec getOptimizer() {
        return optimizer;
    }

    /** See {@link Optimizers}. */
    public void setOptimizer(OptimizerSpec optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** The learning-rate schedule. */
    public ScheduleSpec getSchedule() {
        return schedule;
    }

    /** See {@link Schedules}. */
    public void setSchedule(ScheduleSpec schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /** The gradient clipping. */
    public ClippingSpec getClipping() {
        return clipping;
    }

    /** {@link ClippingSpec#norm(double)}, {@link ClippingSpec#value(double)} or {@link ClippingSpec#none()}. */
    public void setClipping(ClippingSpec clipping) {
        this.clipping = Objects.requireNonNull(clipping, "clipping");
    }

    /** The mini-batch size. */
    public int getBatchSize() {
        return batchSize;
    }

    /** The mini-batch size, in [1, 1000000] (default 32). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** The number of optimizer steps, 0 when not set. */
    public long getSteps() {
        return steps;
    }

    /** Train for {@code steps} optimizer steps (give this or epochs, not both). */
    public void setSteps(long steps) {
        this.steps = steps;
        this.stepsSet = true;
    }

    /** The number of epochs, 0 when not set. */
    public long getEpochs() {
        return epochs;
    }

    /** Train for {@code epochs} passes over the data (give this or steps, not both). */
    public void setEpochs(long epochs) {
        this.epochs = epochs;
        this.epochsSet = true;
    }

    /** The fraction of the data held out for validation. */
    public double getValidationSplit() {
        return validationSplit;
    }

    /** The fraction of the data held out for validation, in [0, 0.9] (default 0). */
    public void setValidationSplit(double validationSplit) {
        this.validationSplit = validationSplit;
    }

    /** The target loss, or null for none. */
    public @Nullable Double getTargetLoss() {
        return targetLoss;
    }

    /** Stop once the training loss reaches this, in [0, 1e12]; null (default) trains the full length. */
    public void setTargetLoss(@Nullable Double targetLoss) {
        this.targetLoss = targetLoss;
    }

    /** The precision training runs in. */
    public FloatPrecision getPrecision() {
        return precision;
    }

    /** {@code FLOAT64} (default; gradient checks need it) or {@code FLOAT32} (faster). */
    public void setPrecision(FloatPrecision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /** The seed of initialization and batch order. */
    public long getSeed() {
        return seed;
    }

    /** The seed of initialization and batch order (default {@link Trainer#DEFAULT_SEED}, 42). */
    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** The pretraining phase, or null for none. */
    public @Nullable PretrainingSpec getPretraining() {
        return pretraining;
    }

    /** A pretraining built elsewhere; null (default) for none. */
    public void setPretraining(@Nullable PretrainingSpec pretraining) {
        this.pretraining = pretraining;
    }

    /** Greedy layer-wise pretraining: {@code pretraining { stepsPerLayer = 300 }}; its steps count in the budget. */
    public TrainingBuilder pretraining(Action<? super PretrainingBuilder> block) {
        PretrainingBuilder p = new PretrainingBuilder();
        block.execute(p);
        pretraining = p.build();
        return this;
    }

    TrainingSpec build() {
        if (data == null) {
            throw new IllegalArgumentException("missing required key 'data' in training");
        }
        if (loss == null) {
            throw new IllegalArgumentException("missing required key 'loss' in training");
        }
        if (stepsSet && epochsSet) {
            throw new IllegalArgumentException(Rules.bothStepsAndEpochs());
        }
        if (!stepsSet && !epochsSet) {
            throw new IllegalArgumentException(Rules.neitherStepsNorEpochs());
        }
        TrainingLength length = stepsSet ? TrainingLength.steps(steps) : TrainingLength.epochs(epochs);
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit,
                targetLoss, precision, seed, pretraining);
    }
}
