package io.gradforge.search;

import java.util.List;

/**
 * The greedy layer-wise pretraining of an evaluated candidate, as its journal line records it.
 *
 * @param steps              pretraining steps taken (part of the candidate's step budget)
 * @param reconstructionLoss each hidden layer's final reconstruction loss (mean squared error), first to last
 * @param health             the health score right after pretraining, on the screening batch (NaN when not
 *                           measured, e.g. pretraining did not complete)
 */
public record PretrainingPhase(long steps, List<Double> reconstructionLoss, double health) {
    public PretrainingPhase {
        if (steps < 0) throw new IllegalArgumentException("pretraining steps must be >= 0 but were " + steps + ".");
        reconstructionLoss = List.copyOf(reconstructionLoss);
    }
}
