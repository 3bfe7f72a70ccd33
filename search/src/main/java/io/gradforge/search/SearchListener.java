package io.gradforge.search;

/**
 * Observes a running search, e.g. to draw progress. Callbacks arrive one at a time (never concurrently), but
 * {@link #onEvaluation} comes from evaluation threads; keep them short.
 */
public interface SearchListener {
    /** A listener that ignores everything. */
    SearchListener NONE = new SearchListener() {};

    /**
     * The search starts.
     *
     * @param plannedEvaluations an upper bound for the progress bar: the smaller of max_evaluations and
     *                           population x (generations + 1), times 1.5 with successive halving
     */
    default void onStart(long plannedEvaluations) {}

    /** An evaluation completed and was journaled, or was replayed from the journal ({@code replayed}). */
    default void onEvaluation(Evaluation evaluation, boolean replayed) {}

    /** A batch of evaluations completed. */
    default void onGeneration(GenerationSummary summary) {}
}
