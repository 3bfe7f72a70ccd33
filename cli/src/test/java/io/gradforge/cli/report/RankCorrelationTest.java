package io.gradforge.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    static final double[] X = {1, 2, 2, 3, 5, 4, 7, 7, 9, 10};
    static final double[] Y = {2, 1, 3, 3, 6, 5, 8, 7, 7, 11};

    @Test
    void tiedSamplesMatchScipy() {
        // scipy.stats.spearmanr(X, Y).statistic and kendalltau(X, Y).statistic (tau-b), scipy 1.10
        assertEquals(0.9447852760736197, RankCorrelation.spearman(X, Y), 1e-12);
        assertEquals(0.8604651162790699, RankCorrelation.kendall(X, Y), 1e-12);
    }

    @Test
    void midRanksAndPerfectOrders() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankCorrelation.ranks(new double[] {0, 3, 3, 8}));
        double[] up = {1, 2, 3, 4};
        double[] down = {9, 7, 5, -1};
        assertEquals(1.0, RankCorrelation.spearman(up, new double[] {10, 20, 30, 1e9}), 1e-15);
        assertEquals(-1.0, RankCorrelation.kendall(up, down), 1e-15);
    }

    @Test
    void undefinedCasesAreNaNAndMismatchesRefused() {
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(RankCorrelation.kendall(new double[] {1, 2}, new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.spearman(new double[] {1, 2, 3},
                new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> RankCorrelation.kendall(new double[] {1, Double.NaN, 3},
                new double[] {1, 2, 3}));
    }
}
