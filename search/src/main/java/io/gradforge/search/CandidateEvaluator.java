package io.gradforge.search;

import java.util.function.BooleanSupplier;

/**
 * Measures one candidate: a pure function of its arguments, so that results do not depend on threads or order.
 * Called concurrently from the search's evaluation threads.
 */
@FunctionalInterface
public interface CandidateEvaluator {
    /**
     * Compiles, screens and trains {@code candidate}.
     *
     * @param seed      the candidate's seed (weights and mini-batch order)
     * @param rung      the successive-halving rung: train {@code 2^rung} times the spec's training length
     * @param cancelled polled while training; true after {@link Search#cancelNow()}: the evaluation may then end
     *                  early by throwing {@link java.util.concurrent.CancellationException}, and is not recorded
     * @throws Exception anything; the search records it as a {@link EvaluationStatus#FAILED} outcome
     */
    Outcome evaluate(Candidate candidate, long seed, int rung, BooleanSupplier cancelled) throws Exception;
}
