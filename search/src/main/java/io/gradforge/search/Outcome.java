package io.gradforge.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CandidateEvaluator} measured for one candidate. Measurements may be NaN (e.g. the loss of a
 * diverged run); {@link Objectives} turns them into finite scores.
 *
 * @param status        how the evaluation ended
 * @param auc           normalized area under the training-loss curve, {@code mean(loss_t) / loss_0}; NaN when
 *                      not trained
 * @param stepsToTarget steps until the target loss, or -1
 * @param steps         optimizer steps taken
 * @param health        the gradient-health score in [0, 1] (NaN when not measured)
 * @param flags         the raised health flags, by name
 * @param finalLoss     the last training loss, or NaN
 * @param parameters    the network's parameter count
 * @param reason        a sentence for people: why it ended so (never blank)
 * @param lossCurve     the training loss, at most {@link #CURVE_POINTS} points (bucket means of the steps);
 *                      NaN entries of a diverged run are kept; with pretraining, of the fine-tuning steps
 * @param pretraining   the pretraining phase before those steps, or null when the candidate did not pretrain;
 *                      {@code steps} counts the supervised steps only
 * @param measures      the health measures at init and a tenth of the way into training that a report correlates
 *                      with convergence ({@link TrainingEvaluator#measures}), by name in a fixed order; values may
 *                      be NaN; empty when not recorded (tables, journals of older versions)
 * @param gradients     each dense layer's weight-gradient norm at init and at the end of training, or null when
 *                      not measured (screened out, failed, or read from a journal written before they were kept)
 */
public record Outcome(EvaluationStatus status, double auc, long stepsToTarget, long steps, double health,
        List<String> flags, double finalLoss, long parameters, String reason, List<Double> lossCurve,
        @Nullable PretrainingPhase pretraining, Map<String, Double> measures, @Nullable GradientProfile gradients) {
    /** The most points of a recorded loss curve. */
    public static final int CURVE_POINTS = 100;

    public Outcome {
        Objects.requireNonNull(status, "status");
        flags = List.copyOf(flags);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) throw new IllegalArgumentException("an outcome needs a reason but it was blank.");
        lossCurve = List.copyOf(lossCurve);
        if (lossCurve.size() > CURVE_POINTS) {
            throw new IllegalArgumentException("a loss curve holds at most " + CURVE_POINTS + " points but was given "
                    + lossCurve.size() + "; use Outcome.curve(double[]).");
        }
        measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures)); // Map.copyOf would lose the order
    }

    /** An outcome without recorded health measures or gradient profile. */
    public Outcome(EvaluationStatus status, double auc, long stepsToTarget, long steps, double health,
            List<String> flags, double finalLoss, long parameters, String reason, List<Double> lossCurve,
            @Nullable PretrainingPhase pretraining) {
        this(status, auc, stepsToTarget, steps, health, flags, finalLoss, parameters, reason, lossCurve, pretraining,
                Map.of(), null);
    }

    /** A copy with {@code newMeasures} as its health measures. */
    public Outcome withMeasures(Map<String, Double> newMeasures) {
        return new Outcome(status, auc, stepsToTarget, steps, health, flags, finalLoss, parameters, reason, lossCurve,
                pretraining, newMeasures, gradients);
    }

    /** An outcome without pretraining. */
    public Outcome(EvaluationStatus status, double auc, long stepsToTarget, long steps, double health,
            List<String> flags, double finalLoss, long parameters, String reason, List<Double> lossCurve) {
        this(status, auc, stepsToTarget, steps, health, flags, finalLoss, parameters, reason, lossCurve, null);
    }

    /** All steps of the evaluation: pretraining's and the supervised ones. */
    public long totalSteps() {
        return steps + (pretraining == null ? 0 : pretraining.steps());
    }

    /** An outcome without a loss curve. */
    public Outcome(EvaluationStatus status, double auc, long stepsToTarget, long steps, double health,
            List<String> flags, double finalLoss, long parameters, String reason) {
        this(status, auc, stepsToTarget, steps, health, flags, finalLoss, parameters, reason, List.of());
    }

    /** {@code curve} reduced to at most {@link #CURVE_POINTS} bucket means (unchanged when shorter). */
    public static List<Double> curve(double[] curve) {
        int n = Math.min(curve.length, CURVE_POINTS);
        List<Double> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int from = (int) ((long) b * curve.length / n);
            int to = (int) ((long) (b + 1) * curve.length / n);
            double sum = 0;
            for (int i = from; i < to; i++) sum += curve[i];
            out.add(sum / (to - from));
        }
        return out;
    }

    /** An evaluation that threw: status FAILED, nothing measured. */
    public static Outcome failed(Throwable error, long parameters) {
        String message = error.getMessage();
        return new Outcome(EvaluationStatus.FAILED, Double.NaN, -1, 0, Double.NaN, List.of(), Double.NaN,
                parameters, error.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
