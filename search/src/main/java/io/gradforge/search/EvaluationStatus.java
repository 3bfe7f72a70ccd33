package io.gradforge.search;

/** How the evaluation of a candidate ended. Only {@link #TRAINED} candidates get a score above the worst. */
public enum EvaluationStatus {
    /** Trained for its step budget (or until the target loss). */
    TRAINED,
    /** Judged hopeless at init (see {@link TrainingEvaluator#SCREEN_THRESHOLD}) and not trained. */
    SCREENED_OUT,
    /** Training diverged ({@link io.gradforge.core.train.TrainingStatus#DIVERGED}: non-finite, or far above its start). */
    DIVERGED,
    /** Compiling or training threw; the reason holds the message. */
    FAILED
}
