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
        // each evaluation's objectives copied once (Evaluation.objectives() copies), not once per pair: the running
        // search computes the front after every generation
        double[][] points = new double[trained.size()][];
        for (int i = 0; i < points.length; i++) points[i] = trained.get(i).objectives();
        List<Evaluation> front = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            boolean dominated = false;
            for (double[] o : points) {
                if (Objectives.dominates(o, points[i])) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) front.add(trained.get(i));
        }
        front.sort(ranking(objectives));
        return front;
    }
}
