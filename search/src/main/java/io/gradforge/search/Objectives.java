package io.gradforge.search;

import io.gradforge.dsl.spec.ObjectivesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an {@link Outcome} into finite scores in [0, 1], higher better; only objectives with a positive weight
 * take part. NaN and infinity never leave this class: anything not finite scores 0, the worst.
 * <ul>
 *   <li>{@code convergence}: with measure auc, {@code 1 - clamp(auc, 0, 1)} where auc is the mean loss over the
 *       budget relative to the best constant prediction (see {@code TrainingEvaluator.auc}; a network that never
 *       beats predicting the class frequencies or the target mean scores 0); with steps_to_target, {@code 1 - stepsToTarget / steps}, 0 when the
 *       target was not reached;</li>
 *   <li>{@code health}: the gradient-health score in [0, 1];</li>
 *   <li>{@code size}: {@code clamp(1 - log10(parameters) / 7, 0, 1)}: fewer parameters better, 10 million and
 *       more score 0.</li>
 * </ul>
 * A candidate that was not trained ({@link EvaluationStatus#SCREENED_OUT}, {@link EvaluationStatus#DIVERGED},
 * {@link EvaluationStatus#FAILED}) scores 0 on every objective.
 *
 * @implNote Immutable and thread-safe.
 */
public final class Objectives {
    private final ObjectivesSpec spec;
    private final List<String> names;
    private final double[] weights;

    private Objectives(ObjectivesSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        List<String> n = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        if (spec.convergenceWeight() > 0) { n.add("convergence"); w.add(spec.convergenceWeight()); }
        if (spec.healthWeight() > 0) { n.add("health"); w.add(spec.healthWeight()); }
        if (spec.sizeWeight() > 0) { n.add("size"); w.add(spec.sizeWeight()); }
        this.names = List.copyOf(n);
        this.weights = w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static Objectives of(ObjectivesSpec spec) {
        return new Objectives(spec);
    }

    public ObjectivesSpec spec() {
        return spec;
    }

    /** The objective names, in score order. */
    public List<String> names() {
        return names;
    }

    /** The objectives' weights, in score order (as {@link #weighted} applies them). */
    public List<Double> weights() {
        return java.util.Arrays.stream(weights).boxed().toList();
    }

    public int count() {
        return names.size();
    }

    /** All zeros: the score of a candidate that was not trained. */
    public double[] worst() {
        return new double[names.size()];
    }

    /** The finite scores of {@code outcome}. */
    public double[] scores(Outcome outcome) {
        double[] s = new double[names.size()];
        if (outcome.status() != EvaluationStatus.TRAINED) return s;
        for (int i = 0; i < s.length; i++) {
            s[i] = switch (names.get(i)) {
                case "convergence" -> convergence(outcome);
                case "health" -> finite01(outcome.health());
                default -> finite01(1 - Math.log10(Math.max(1, outcome.parameters())) / 7);
            };
        }
        return s;
    }

    private double convergence(Outcome o) {
        if (spec.convergenceMeasure() == ObjectivesSpec.Measure.STEPS_TO_TARGET) {
            return o.stepsToTarget() < 0 || o.steps() <= 0 ? 0 : finite01(1 - (double) o.stepsToTarget() / o.steps());
        }
        return finite01(1 - o.auc());
    }

    /** The weighted sum of {@code scores}: the scalar fitness in weighted mode and how the best is chosen. */
    public double weighted(double[] scores) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) sum += weights[i] * scores[i];
        return sum;
    }

    static double finite01(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    /** Whether {@code a} Pareto-dominates {@code b} (no worse everywhere, better somewhere). */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) return false;
            if (a[i] > b[i]) better = true;
        }
        return better;
    }
}
