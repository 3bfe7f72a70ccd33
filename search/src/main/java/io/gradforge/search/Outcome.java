package io.gradforge.search;

import java.util.List;
import java.util.Objects;

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
 */
public record Outcome(EvaluationStatus status, double auc, long stepsToTarget, long steps, double health,
        List<String> flags, double finalLoss, long parameters, String reason) {
    public Outcome {
        Objects.requireNonNull(status, "status");
        flags = List.copyOf(flags);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) throw new IllegalArgumentException("an outcome needs a reason but it was blank.");
    }

    /** An evaluation that threw: status FAILED, nothing measured. */
    public static Outcome failed(Throwable error, long parameters) {
        String message = error.getMessage();
        return new Outcome(EvaluationStatus.FAILED, Double.NaN, -1, 0, Double.NaN, List.of(), Double.NaN,
                parameters, error.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
