package io.gradforge.search;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded evaluation: which candidate, where in the run, what was measured and its finite scores.
 *
 * @param generation  the batch it was evaluated in (0 = the initial population)
 * @param index       its position among that batch's phenotypes
 * @param candidate   the architecture
 * @param seed        its training seed, {@link Candidate#seed(long, String)}
 * @param outcome     the measurements
 * @param objectives  finite scores in [0, 1], higher better, in {@link Objectives#names()} order
 * @param durationMillis wall time of the evaluation
 */
public record Evaluation(int generation, int index, Candidate candidate, long seed, int rung, Outcome outcome,
        double[] objectives, long durationMillis) {
    public Evaluation {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(outcome, "outcome");
        objectives = objectives.clone();
        for (double o : objectives) {
            if (!Double.isFinite(o)) {
                throw new IllegalArgumentException("objectives must be finite but were "
                        + Arrays.toString(objectives) + ".");
            }
        }
    }

    @Override
    public double[] objectives() {
        return objectives.clone();
    }

    public double objective(int i) {
        return objectives[i];
    }

    public EvaluationStatus status() {
        return outcome.status();
    }
}
