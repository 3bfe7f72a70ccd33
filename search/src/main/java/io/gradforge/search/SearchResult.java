package io.gradforge.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a search found.
 *
 * @param front          the Pareto front over all trained candidates (each at its highest rung), best first
 * @param best           the candidate of highest weighted score, or null when none trained
 * @param evaluations    every evaluation of the run in journal order by generation and index, replayed ones
 *                       included
 * @param objectives     the objective names, in score order
 * @param runDirectory   where the journal and outputs are
 * @param stop           why the search ended
 * @param generations    batches of evaluations run (the initial population is generation 0)
 * @param executed       evaluations this process ran
 * @param replayed       evaluations taken from the journal of an interrupted run
 * @param cacheHits      phenotypes whose decoded spec had been evaluated already
 * @param elapsed        wall time of this process's run
 */
public record SearchResult(List<Evaluation> front, @Nullable Evaluation best, List<Evaluation> evaluations,
        List<String> objectives, Path runDirectory, StopReason stop, int generations, long executed, long replayed,
        long cacheHits, Duration elapsed) {

    /** Why a search ended. */
    public enum StopReason {
        /** the cap ga.generations reached. */
        GENERATIONS,
        /** budget.max_evaluations reached. */
        MAX_EVALUATIONS,
        /** budget.max_time reached. */
        MAX_TIME,
        /** cancelled (Ctrl-C or {@link Search#cancel()}); resume with the run directory. */
        CANCELLED,
        /** several generations in a row found no candidate not yet evaluated: the space is (nearly) used up. */
        EXHAUSTED
    }

    public SearchResult {
        front = List.copyOf(front);
        evaluations = List.copyOf(evaluations);
        objectives = List.copyOf(objectives);
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public Optional<Evaluation> bestEvaluation() {
        return Optional.ofNullable(best);
    }
}
