package io.gradforge.core.train;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a training run produced. Immutable; arrays are defensive copies.
 *
 * @param status how the run ended
 * @param steps optimizer steps taken (a diverged run counts the step that diverged)
 * @param lossCurve the mini-batch training loss of every step, in order (length {@code steps})
 * @param finalTrainLoss loss over the whole training set in evaluation mode at the end (NaN when diverged)
 * @param finalValidationLoss the same over the validation split (NaN without one, or when diverged)
 * @param trainAccuracy classification accuracy on the training set at the end (NaN for regression)
 * @param validationAccuracy the same on the validation split (NaN without one)
 * @param stepsToTarget first step after which the smoothed training loss was at or below the target, or -1
 * @param divergedAtStep the step whose loss or gradient became NaN or infinite (for a finite divergence: the first
 *                       step above the bound of {@link Trainer#DIVERGENCE_FACTOR}), or -1
 * @param reason a sentence for people: why the run ended
 * @param seed the seed of the mini-batch order
 * @param elapsedNanos wall time of the run
 * @param pretraining the pretraining phase before the supervised steps, or null when there was none; its steps
 *                    are not in {@code steps} nor in {@code lossCurve} (see {@link #totalSteps()})
 */
public record TrainingResult(
        TrainingStatus status,
        long steps,
        double[] lossCurve,
        double finalTrainLoss,
        double finalValidationLoss,
        double trainAccuracy,
        double validationAccuracy,
        long stepsToTarget,
        long divergedAtStep,
        String reason,
        long seed,
        long elapsedNanos,
        @Nullable PretrainingResult pretraining) {

    public TrainingResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        lossCurve = lossCurve.clone();
        if (lossCurve.length != steps) {
            throw new IllegalArgumentException("loss curve has " + lossCurve.length + " points for " + steps + " steps.");
        }
    }

    /** A result without pretraining. */
    public TrainingResult(TrainingStatus status, long steps, double[] lossCurve, double finalTrainLoss,
            double finalValidationLoss, double trainAccuracy, double validationAccuracy, long stepsToTarget,
            long divergedAtStep, String reason, long seed, long elapsedNanos) {
        this(status, steps, lossCurve, finalTrainLoss, finalValidationLoss, trainAccuracy, validationAccuracy,
                stepsToTarget, divergedAtStep, reason, seed, elapsedNanos, null);
    }

    /** All optimizer steps of the run: pretraining's and the supervised ones. */
    public long totalSteps() {
        return steps + (pretraining == null ? 0 : pretraining.steps());
    }

    @Override
    public double[] lossCurve() {
        return lossCurve.clone();
    }

    public boolean diverged() {
        return status == TrainingStatus.DIVERGED;
    }

    /** The last recorded mini-batch loss, or NaN when no step ran. */
    public double lastLoss() {
        return lossCurve.length == 0 ? Double.NaN : lossCurve[lossCurve.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingResult r
                && status == r.status && steps == r.steps && Arrays.equals(lossCurve, r.lossCurve)
                && Double.compare(finalTrainLoss, r.finalTrainLoss) == 0
                && Double.compare(finalValidationLoss, r.finalValidationLoss) == 0
                && Double.compare(trainAccuracy, r.trainAccuracy) == 0
                && Double.compare(validationAccuracy, r.validationAccuracy) == 0
                && stepsToTarget == r.stepsToTarget && divergedAtStep == r.divergedAtStep
                && reason.equals(r.reason) && seed == r.seed && Objects.equals(pretraining, r.pretraining);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, steps, Arrays.hashCode(lossCurve), finalTrainLoss, seed);
    }

    @Override
    public String toString() {
        return "TrainingResult[" + status + ", steps=" + steps + ", finalTrainLoss=" + finalTrainLoss
                + ", trainAccuracy=" + trainAccuracy + ", reason=" + reason + "]";
    }
}
