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

    public long getMaxEvaluations() {
        return maxEvaluations;
    }

    public void setMaxEvaluations(long maxEvaluations) {
        this.maxEvaluations = maxEvaluations;
    }

    public @Nullable Duration getMaxTime() {
        return maxTime;
    }

    /** {@code Duration.ofMinutes(2)}; null for no limit. */
    public void setMaxTime(@Nullable Duration maxTime) {
        this.maxTime = maxTime;
    }

    public boolean getScreenAtInit() {
        return screenAtInit;
    }

    public void setScreenAtInit(boolean screenAtInit) {
        this.screenAtInit = screenAtInit;
    }

    public boolean getSuccessiveHalving() {
        return successiveHalving;
    }

    public void setSuccessiveHalving(boolean successiveHalving) {
        this.successiveHalving = successiveHalving;
    }

    BudgetSpec build() {
        return new BudgetSpec(maxEvaluations, maxTime, screenAtInit, successiveHalving);
    }
}
