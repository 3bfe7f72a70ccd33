package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.BudgetSpec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How much a search may spend; starts at 200 evaluations, no time limit, no screening, no halving. */
@GradforgeDsl
public final class BudgetBuilder {

    private long maxEvaluations = BudgetSpec.DEFAULT_MAX_EVALUATIONS;
    private @Nullable Duration maxTime;
    private boolean screenAtInit;
    private boolean successiveHalving;

    BudgetBuilder() {}

    /** The most evaluations the search runs. */
    public long getMaxEvaluations() {
        return maxEvaluations;
    }

    /** The most evaluations the search runs, in [1, 1e7] (default 200). */
    public void setMaxEvaluations(long maxEvaluations) {
        this.maxEvaluations = maxEvaluations;
    }

    /** The wall-time limit, or null for none. */
    public @Nullable Duration getMaxTime() {
        return maxTime;
    }

    /** {@code Duration.ofMinutes(2)}; null for no limit. */
    public void setMaxTime(@Nullable Duration maxTime) {
        this.maxTime = maxTime;
    }

    /** Whether candidates are screened at initialization. */
    public boolean getScreenAtInit() {
        return screenAtInit;
    }

    /**
     * Screen each candidate with one forward and backward pass at initialization and skip training the hopeless ones
     * (default false).
     */
    public void setScreenAtInit(boolean screenAtInit) {
        this.screenAtInit = screenAtInit;
    }

    /** Whether successive halving is on. */
    public boolean getSuccessiveHalving() {
        return successiveHalving;
    }

    /** Train the better half of each generation again at twice the training length (default false). */
    public void setSuccessiveHalving(boolean successiveHalving) {
        this.successiveHalving = successiveHalving;
    }

    BudgetSpec build() {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }
}
