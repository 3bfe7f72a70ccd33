package io.gradforge.dsl.spec;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How much a search may spend; {@code maxTime} null means no time limit. */
public record BudgetSpec(long maxEvaluations, @Nullable Duration maxTime, boolean screenAtInit,
        boolean successiveHalving) {
    public static final long DEFAULT_MAX_EVALUATIONS = 200;

    public BudgetSpec {
        Rules.MAX_EVALUATIONS.check(maxEvaluations);
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero() || maxTime.toMillis() <= 0)) {
            throw new IllegalArgumentException("max_time must be positive but was " + maxTime);
        }
    }

    public static BudgetSpec of(long maxEvaluations) {
        return new BudgetSpec(maxEvaluations, null, false, false);
    }
}
