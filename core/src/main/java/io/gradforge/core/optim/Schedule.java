package io.gradforge.core.optim;

import java.util.Objects;

/**
 * A learning-rate schedule: a pure function of the base rate, the 0-based step and the planned number of
 * steps. Schedules are immutable values, so a spec can hold one.
 *
 * {@snippet :
 * Schedule s = Schedule.warmup(100, Schedule.cosine(0.01));   // 100 linear warmup steps, then cosine to 1%
 * double lr = s.learningRate(1e-3, step, totalSteps);
 * }
 */
public sealed interface Schedule {

    /**
     * The learning rate for {@code step}.
     *
     * @param baseLr     the base (peak) learning rate, positive and finite
     * @param step       the 0-based step, non-negative
     * @param totalSteps the planned number of steps, at least 1 (steps past it are allowed and hold the end value)
     */
    double learningRate(double baseLr, long step, long totalSteps);

    /** The same rate at every step. */
    static Schedule constant() {
        return Constant.INSTANCE;
    }

    /** Multiplies the rate by {@code gamma} every {@code everySteps} steps. */
    static Schedule stepDecay(long everySteps, double gamma) {
        return new StepDecay(everySteps, gamma);
    }

    /** Cosine annealing from the base rate down to {@code minFactor * baseLr} at {@code totalSteps}. */
    static Schedule cosine(double minFactor) {
        return new Cosine(minFactor);
    }

    /** Cosine annealing from the base rate down to 0. */
    static Schedule cosine() {
        return new Cosine(0);
    }

    /** Linear warmup from 0 over {@code warmupSteps}, then {@code after} (which sees steps counted from 0). */
    static Schedule warmup(long warmupSteps, Schedule after) {
        return new Warmup(warmupSteps, 0, after);
    }

    /** Linear warmup from {@code startFactor * baseLr} over {@code warmupSteps}, then {@code after}. */
    static Schedule warmup(long warmupSteps, double startFactor, Schedule after) {
        return new Warmup(warmupSteps, startFactor, after);
    }

    /** The constant schedule. */
    record Constant() implements Schedule {
        static final Constant INSTANCE = new Constant();

        @Override
        public double learningRate(double baseLr, long step, long totalSteps) {
            checkArguments(baseLr, step, totalSteps);
            return baseLr;
        }
    }

    /**
     * {@code baseLr * gamma^floor(step / everySteps)}.
     *
     * @param everySteps at least 1
     * @param gamma      in (0, 1] (1 keeps the rate constant)
     */
    record StepDecay(long everySteps, double gamma) implements Schedule {
        public StepDecay {
            if (everySteps < 1) {
                throw new IllegalArgumentException("step decay interval must be at least 1 but was " + everySteps + ".");
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step decay gamma must be in (0, 1] but was " + gamma + ".");
            }
        }

        @Override
        public double learningRate(double baseLr, long step, long totalSteps) {
            checkArguments(baseLr, step, totalSteps);
            return baseLr * Math.pow(gamma, (double) (step / everySteps));
        }
    }

    /**
     * Cosine annealing (Loshchilov and Hutter 2017, without restarts):
     * {@code floor + (baseLr - floor) * (1 + cos(pi * min(step, T) / T)) / 2} with {@code floor = minFactor * baseLr}.
     *
     * @param minFactor the final rate as a fraction of the base rate, in [0, 1]
     */
    record Cosine(double minFactor) implements Schedule {
        public Cosine {
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new IllegalArgumentException("cosine min factor must be in [0, 1] but was " + minFactor + ".");
            }
        }

        @Override
        public double learningRate(double baseLr, long step, long totalSteps) {
            checkArguments(baseLr, step, totalSteps);
            double progress = Math.min(step, totalSteps) / (double) totalSteps;
            double floor = minFactor * baseLr;
            return floor + (baseLr - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
    }

    /**
     * Linear warmup: for {@code step < warmupSteps} the rate is
     * {@code baseLr * (startFactor + (1 - startFactor) * step / warmupSteps)}; from then on it is
     * {@code after.learningRate(baseLr, step - warmupSteps, max(1, totalSteps - warmupSteps))}.
     *
     * @param warmupSteps at least 1
     * @param startFactor the first step's rate as a fraction of the base rate, in [0, 1]
     * @param after       the schedule that takes over
     */
    record Warmup(long warmupSteps, double startFactor, Schedule after) implements Schedule {
        public Warmup {
            Objects.requireNonNull(after, "after");
            if (warmupSteps < 1) {
                throw new IllegalArgumentException("warmup steps must be at least 1 but was " + warmupSteps + ".");
            }
            if (!(startFactor >= 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("warmup start factor must be in [0, 1] but was " + startFactor + ".");
            }
        }

        @Override
        public double learningRate(double baseLr, long step, long totalSteps) {
            checkArguments(baseLr, step, totalSteps);
            if (step < warmupSteps) {
                return baseLr * (startFactor + (1 - startFactor) * step / (double) warmupSteps);
            }
            return after.learningRate(baseLr, step - warmupSteps, Math.max(1, totalSteps - warmupSteps));
        }
    }

    private static void checkArguments(double baseLr, long step, long totalSteps) {
        if (!(baseLr > 0) || !Double.isFinite(baseLr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite but was " + baseLr + ".");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative but was " + step + ".");
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total steps must be at least 1 but was " + totalSteps + ".");
        }
    }
}
