package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Convergence statistics on synthetic loss curves. */
class ConvergenceStatsTest {

    private static TrainingResult result(TrainingStatus status, double... curve) {
        return new TrainingResult(status, curve.length, curve, curve.length == 0 ? Double.NaN : curve[curve.length - 1],
                Double.NaN, 0.5, Double.NaN, -1, status == TrainingStatus.DIVERGED ? curve.length - 1 : -1, "test",
                1, 0);
    }

    @Test
    void flatCurveHasAreaOneAndStagnates() {
        double[] c = new double[100];
        Arrays.fill(c, 2.0);
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.COMPLETED, c));
        assertEquals(1.0, s.normalizedArea(), 1e-12);
        assertTrue(s.stagnating());
        assertEquals(0.0, s.earlyToEndImprovement(), 1e-12);
    }

    @Test
    void steadilyFallingCurveDoesNotStagnate() {
        double[] c = new double[100];
        for (int i = 0; i < c.length; i++) c[i] = 2.0 * Math.exp(-i / 30.0);
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.COMPLETED, c));
        assertTrue(s.normalizedArea() > 0.2 && s.normalizedArea() < 0.4, "area " + s.normalizedArea());
        assertFalse(s.stagnating());
    }

    @Test
    void curveThatConvergedEarlyIsNotStagnating() {
        double[] c = new double[100];
        for (int i = 0; i < c.length; i++) c[i] = i < 10 ? 2.0 - 0.19 * i : 0.01;
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.COMPLETED, c));
        assertFalse(s.stagnating(), "solved in the first tenth: no stagnation");
        assertTrue(s.normalizedArea() < 0.15, "area " + s.normalizedArea());
    }

    @Test
    void earlyPlateauAboveHalfTheInitialLossStagnates() {
        double[] c = new double[100];
        for (int i = 0; i < c.length; i++) c[i] = i < 10 ? 2.0 - 0.05 * i : 1.5;
        assertTrue(ConvergenceStats.of(result(TrainingStatus.COMPLETED, c)).stagnating());
    }

    @Test
    void earlyStopCountsTheLastLossOverTheRestOfTheBudget() {
        double[] c = {1.0, 0.5, 0.0};
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.TARGET_REACHED, c), 10);
        // initial = mean(1, 0.5, 0) = 0.5; ratios 2 (clamped), 1, 0, then 7 x 0
        assertEquals(0.3, s.normalizedArea(), 1e-12);
        assertEquals(10, s.budget());
    }

    @Test
    void divergedGetsTheWorstAreaAndNoFinalLoss() {
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.DIVERGED, 1.0, 5.0, Double.NaN));
        assertTrue(s.diverged());
        assertEquals(ConvergenceStats.WORST_AREA, s.normalizedArea());
        assertTrue(Double.isNaN(s.finalLoss()));
        assertFalse(s.stagnating());
    }

    @Test
    void emptyCurveIsFinite() {
        ConvergenceStats s = ConvergenceStats.of(result(TrainingStatus.CANCELLED));
        assertEquals(ConvergenceStats.WORST_AREA, s.normalizedArea());
    }

    @Test
    void budgetBelowStepsIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvergenceStats.of(result(TrainingStatus.COMPLETED, 1, 2, 3), 2));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
    }
}
