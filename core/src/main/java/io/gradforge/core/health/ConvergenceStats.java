package io.gradforge.core.health;

import io.gradforge.core.train.TrainingResult;
import java.util.Objects;

/**
 * How fast and how far a training run's loss went, from its {@link TrainingResult}.
 *
 * <ul>
 *   <li><b>initial loss</b>: the mean mini-batch loss of the first {@value #INITIAL_WINDOW} steps (fewer if the
 *       run was shorter), which smooths one unlucky first batch.</li>
 *   <li><b>normalized area</b>: the mean over the budget of {@code loss_t / initialLoss}, each term clamped to
 *       [0, {@value #WORST_AREA}]; steps after an early stop at the target count with the last loss. 1 means
 *       no progress, smaller is faster, 0 is instant; a diverged run (or an unusable initial loss) gets the worst
 *       value {@value #WORST_AREA}. Always finite.</li>
 *   <li><b>stagnation</b>: with {@code L25} the mean loss over steps [20%, 30%) of the run and {@code Lend} over
 *       its last 10%, the run stagnates when {@code (L25 - Lend) / L25 < } {@value #STAGNATION_IMPROVEMENT}
 *       (less than 5% better over the last three quarters) while {@code Lend > }
 *       {@value #STAGNATION_LOSS_FRACTION}{@code  * initialLoss} (still far from solved: a run that converged in
 *       its first quarter is not stagnating). Needs at least {@value #STAGNATION_MIN_STEPS} steps.</li>
 * </ul>
 *
 * @param steps              steps taken
 * @param budget             the step budget the area is normalized over (at least {@code steps})
 * @param stepsToTarget      first step at which the smoothed loss reached the target, -1 if never
 * @param initialLoss        see above (NaN for an empty curve)
 * @param finalLoss          the final training-set loss (the last mini-batch loss when unavailable; NaN if diverged)
 * @param accuracy           final training accuracy (NaN for regression or diverged)
 * @param normalizedArea     see above, in [0, {@value #WORST_AREA}]
 * @param earlyToEndImprovement {@code (L25 - Lend) / L25} (NaN for short runs)
 * @param diverged           the run diverged ({@link io.gradforge.core.train.TrainingStatus#DIVERGED})
 * @param stagnating         see above
 */
public record ConvergenceStats(long steps, long budget, long stepsToTarget, double initialLoss, double finalLoss,
                               double accuracy, double normalizedArea, double earlyToEndImprovement,
                               boolean diverged, boolean stagnating) {

    /** Steps averaged for the initial loss. */
    public static final int INITIAL_WINDOW = 5;
    /** The normalized area of a diverged run, and the clamp of each term. */
    public static final double WORST_AREA = 2.0;
    /** Relative improvement after the first quarter below which a run stagnates. */
    public static final double STAGNATION_IMPROVEMENT = 0.05;
    /** A run whose final loss is at most this fraction of its initial loss is not stagnating. */
    public static final double STAGNATION_LOSS_FRACTION = 0.5;
    /** Shorter runs are never called stagnating. */
    public static final int STAGNATION_MIN_STEPS = 20;

    public ConvergenceStats {
        if (steps < 0 || budget < steps) {
            throw new IllegalArgumentException("need 0 <= steps <= budget but steps was " + steps + " and budget "
                    + budget + ".");
        }
        if (!(normalizedArea >= 0.0 && normalizedArea <= WORST_AREA)) {
            throw new IllegalArgumentException("normalized area must be in [0, " + WORST_AREA + "] but was "
                    + normalizedArea + ".");
        }
    }

    /** The statistics of {@code result}, its own step count taken as the budget. */
    public static ConvergenceStats of(TrainingResult result) {
        return of(result, result.steps());
    }

    /** The statistics of {@code result} over a budget of {@code budget} steps (for runs that stopped early). */
    public static ConvergenceStats of(TrainingResult result, long budget) {
        Objects.requireNonNull(result, "result");
        double[] curve = result.lossCurve();
        long steps = result.steps();
        if (budget < steps) {
            throw new IllegalArgumentException("budget must be >= the " + steps + " steps taken but was " + budget + ".");
        }
        int n = curve.length;
        double initial = n == 0 ? Double.NaN : mean(curve, 0, Math.min(INITIAL_WINDOW, n));
        boolean diverged = result.diverged();
        double area = WORST_AREA;
        if (!diverged && n > 0 && initial > 0.0 && Double.isFinite(initial) && budget > 0) {
            double sum = 0.0;
            for (double v : curve) sum += clampedRatio(v, initial);
            sum += (budget - n) * clampedRatio(curve[n - 1], initial);
            area = Math.min(WORST_AREA, Math.max(0.0, sum / budget));
        }
        double improvement = Double.NaN;
        boolean stagnating = false;
        if (!diverged && n >= STAGNATION_MIN_STEPS) {
            double early = mean(curve, (int) (0.2 * n), Math.max((int) (0.3 * n), (int) (0.2 * n) + 1));
            double end = mean(curve, n - Math.max(1, n / 10), n);
            improvement = (early - end) / early;
            stagnating = Double.isFinite(improvement) && improvement < STAGNATION_IMPROVEMENT
                    && end > STAGNATION_LOSS_FRACTION * initial;
        }
        double finalLoss = diverged ? Double.NaN
                : Double.isNaN(result.finalTrainLoss()) ? result.lastLoss() : result.finalTrainLoss();
        return new ConvergenceStats(steps, budget, result.stepsToTarget(), initial, finalLoss,
                result.trainAccuracy(), area, improvement, diverged, stagnating);
    }

    private static double clampedRatio(double loss, double initial) {
        double r = loss / initial;
        return Double.isNaN(r) ? WORST_AREA : Math.min(WORST_AREA, Math.max(0.0, r));
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0.0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }
}
