package io.gradforge.search;

/**
 * Observes a running search, e.g. to draw progress. Callbacks arrive one at a time (never concurrently), but
 * {@link #onEvaluation} comes from evaluation threads; keep them short.
 */
public interface SearchListener {
    /** A listener that ignores everything. */
    SearchListener NONE = new SearchListener() {};

    /**
     * The search starts: it holds its run directory and has read the journal of a resumed run.
     *
     * @param plannedEvaluations the total for a progress bar: {@link Search#plannedEvaluations}, or the number of
     *                           candidates of a tabulation
     */
    default void onStart(long plannedEvaluations) {}

    /** An evaluation completed and was journaled, or was replayed from the journal ({@code replayed}). */
    default void onEvaluation(Evaluation evaluation, boolean replayed) {}

    /** A batch of evaluations completed. */
    default void onGeneration(GenerationSummary summary) {}
}
