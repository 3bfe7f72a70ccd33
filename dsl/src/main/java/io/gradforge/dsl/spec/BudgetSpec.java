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

    /** This budget with {@code maxEvaluations} replaced. */
    public BudgetSpec withMaxEvaluations(long maxEvaluations) {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }

    /** This budget with {@code maxTime} replaced. */
    public BudgetSpec withMaxTime(@Nullable Duration maxTime) {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }

    /** This budget with {@code screenAtInit} replaced. */
    public BudgetSpec withScreenAtInit(boolean screenAtInit) {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }

    /** This budget with {@code successiveHalving} replaced. */
    public BudgetSpec withSuccessiveHalving(boolean successiveHalving) {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }
}
