package io.gradforge.search;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of a search after one batch of evaluations (generation 0 is the initial population).
 *
 * @param generation   the batch number
 * @param executed     evaluations run in this batch by this process
 * @param replayed     evaluations of this batch taken from the journal of an earlier, interrupted run
 * @param cacheHits    phenotypes of this batch whose decoded spec had already been evaluated
 * @param evaluations  evaluations so far (executed and replayed), what max_evaluations counts
 * @param best         the best candidate so far, or null when none trained yet
 * @param frontSize    the size of the Pareto front so far
 * @param elapsed      wall time since this process started the search
 */
public record GenerationSummary(int generation, int executed, int replayed, int cacheHits, long evaluations,
        @Nullable Evaluation best, int frontSize, Duration elapsed) {
    public GenerationSummary {
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * One line for a log: {@code "generation 3: 8 run, 0 from journal, 0 cache hits; 32 evaluations, front 4, best
     * quickstart-ed5920ca; 5.2 s"}.
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "generation %d: %d run, %d from journal, %d cache hits; %d evaluations, front %d,"
                + " best %s; %.1f s", generation, executed, replayed, cacheHits, evaluations, frontSize,
                best == null ? "none yet" : best.candidate().experiment().name(), elapsed.toMillis() / 1000.0);
    }
}
