package io.gradforge.dsl.spec;

import io.gradforge.core.train.Trainer;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to train: data, loss, optimizer, schedule, clipping, batch, length, seed, and an optional greedy layer-wise
 * pretraining phase (null: none) whose steps count in the length.
 */
public record TrainingSpec(DataSpec data, String loss, OptimizerSpec optimizer, ScheduleSpec schedule,
        ClippingSpec clipping, int batchSize, TrainingLength length, double validationSplit,
        @Nullable Double targetLoss, FloatPrecision precision, long seed, @Nullable PretrainingSpec pretraining) {

    public static final int DEFAULT_BATCH_SIZE = 32;

    public TrainingSpec {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        loss = Vocabulary.LOSSES.canonicalize(loss, Map.of()).name();
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(clipping, "clipping");
        Rules.BATCH_SIZE.check(batchSize);
        Objects.requireNonNull(length, "length");
        Rules.VALIDATION_SPLIT.check(validationSplit);
        if (targetLoss != null) {
            Rules.TARGET_LOSS.check(targetLoss);
        }
        Objects.requireNonNull(precision, "precision");
    }

    /** A training without pretraining. */
    public TrainingSpec(DataSpec data, String loss, OptimizerSpec optimizer, ScheduleSpec schedule,
            ClippingSpec clipping, int batchSize, TrainingLength length, double validationSplit,
            @Nullable Double targetLoss, FloatPrecision precision, long seed) {
        this(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed,
                null);
    }

    /** Defaults: adam 0.01, constant schedule, no clipping, batch 32, no validation, float64, seed 42. */
    public static TrainingSpec of(DataSpec data, String loss, TrainingLength length) {
        return new TrainingSpec(data, loss, OptimizerSpec.of("adam", OptimizerSpec.DEFAULT_LEARNING_RATE),
                ScheduleSpec.constant(), ClippingSpec.none(), DEFAULT_BATCH_SIZE, length, 0.0, null,
                FloatPrecision.FLOAT64, Trainer.DEFAULT_SEED);
    }

    public TrainingSpec withOptimizer(OptimizerSpec optimizer) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit,
                targetLoss, precision, seed, pretraining);
    }

    public TrainingSpec withClipping(ClippingSpec clipping) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit,
                targetLoss, precision, seed, pretraining);
    }

    public TrainingSpec withBatchSize(int batchSize) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit,
                targetLoss, precision, seed, pretraining);
    }

    public TrainingSpec withSeed(long seed) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit,
                targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code data} replaced. */
    public TrainingSpec withData(DataSpec data) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code loss} replaced. */
    public TrainingSpec withLoss(String loss) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code schedule} replaced. */
    public TrainingSpec withSchedule(ScheduleSpec schedule) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code length} replaced. */
    public TrainingSpec withLength(TrainingLength length) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code validationSplit} replaced. */
    public TrainingSpec withValidationSplit(double validationSplit) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code targetLoss} replaced. */
    public TrainingSpec withTargetLoss(@Nullable Double targetLoss) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code precision} replaced. */
    public TrainingSpec withPrecision(FloatPrecision precision) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }

    /** This training with {@code pretraining} replaced (null: none). */
    public TrainingSpec withPretraining(@Nullable PretrainingSpec pretraining) {
        return new TrainingSpec(data, loss, optimizer, schedule, clipping, batchSize, length, validationSplit, targetLoss, precision, seed, pretraining);
    }
}
