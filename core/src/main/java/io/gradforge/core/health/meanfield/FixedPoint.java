package io.gradforge.core.health.meanfield;

import java.util.Objects;

/**
 * The outcome of iterating the length map {@code q -> sigmaW2 E[phi(h)^2] + sigmaB2} to its fixed point.
 *
 * @param status     how the iteration ended
 * @param q          the fixed point for {@link Status#CONVERGED}, 0 for {@link Status#COLLAPSED},
 *                   {@code +Infinity} for {@link Status#DIVERGED}, the last iterate for
 *                   {@link Status#NOT_CONVERGED}
 * @param iterations the number of map evaluations performed
 */
public record FixedPoint(Status status, double q, int iterations) {

    /** How the fixed-point iteration ended. */
    public enum Status {
        /** Successive iterates agreed to the relative tolerance: {@code q} is a finite, positive fixed point. */
        CONVERGED,
        /** The iterates fell below {@link MeanField#COLLAPSE_THRESHOLD}: the signal dies, {@code q* = 0}. */
        COLLAPSED,
        /** The iterates exceeded {@link MeanField#DIVERGENCE_THRESHOLD} or overflowed: {@code q* = inf}. */
        DIVERGED,
        /** The iteration budget ran out (e.g. the critical tanh at sigmaW2 = 1, where q decays like 1/l). */
        NOT_CONVERGED
    }

    public FixedPoint {
        Objects.requireNonNull(status, "status");
        if (Double.isNaN(q) || q < 0.0) {
            throw new IllegalArgumentException("fixed point q must be >= 0 but was " + q + ".");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0 but was " + iterations + ".");
        }
        if (status == Status.CONVERGED && (q == 0.0 || Double.isInfinite(q))) {
            throw new IllegalArgumentException("a converged fixed point must be finite and > 0 but was " + q + ".");
        }
    }

    /** Whether the iteration found a finite positive fixed point. */
    public boolean converged() {
        return status == Status.CONVERGED;
    }
}
