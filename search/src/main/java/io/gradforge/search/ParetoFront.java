package io.gradforge.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a search's result is, computed from its evaluations: the Pareto front of the trained candidates and the best
 * one by weighted score. One definition for the running search, its outputs and anything that reads a run back.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /** Best first: higher weighted score, then the smaller canonical form (a deterministic tie-break). */
    public static Comparator<Evaluation> ranking(Objectives objectives) {
        return Comparator.comparingDouble((Evaluation e) -> -objectives.weighted(e.objectives()))
                .thenComparing(e -> e.candidate().canonical());
    }

    /** The best trained evaluation by {@link #ranking}, or null when none trained. */
    public static @Nullable Evaluation best(Collection<Evaluation> evaluations, Objectives objectives) {
        return evaluations.stream().filter(e -> e.status() == EvaluationStatus.TRAINED).min(ranking(objectives))
                .orElse(null);
    }

    /** The non-dominated trained evaluations, best first. */
    public static List<Evaluation> of(Collection<Evaluation> evaluations, Objectives objectives) {
        List<Evaluation> trained = evaluations.stream().filter(e -> e.status() == EvaluationStatus.TRAINED).toList();
        List<Evaluation> front = new ArrayList<>();
        for (Evaluation e : trained) {
            boolean dominated = false;
            for (Evaluation o : trained) {
                if (Objectives.dominates(o.objectives(), e.objectives())) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) front.add(e);
        }
        front.sort(ranking(objectives));
        return front;
    }
}
