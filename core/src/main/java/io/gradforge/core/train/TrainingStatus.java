package io.gradforge.core.train;

/** How a training run ended. A divergence is a result, not an exception. */
public enum TrainingStatus {
    /** The step or epoch budget was used up. */
    COMPLETED,
    /** The training loss reached the target loss. */
    TARGET_REACHED,
    /**
     * The loss or a gradient became NaN or infinite, or the loss ended far above where it started and above the
     * constant predictor's loss ({@link Trainer#DIVERGENCE_FACTOR}).
     */
    DIVERGED,
    /** The caller cancelled the run (the result holds everything up to that step). */
    CANCELLED
}
