package io.gradforge.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.TaskKind;
import org.junit.jupiter.api.Test;

class LossBaselineTest {

    @Test
    void balancedBinaryTaskHasBaselineLn2() {
        Dataset d = Dataset.of("b", new double[][] {{0}, {1}, {2}, {3}}, new double[][] {{0}, {1}, {0}, {1}}, TaskKind.BINARY);
        assertEquals(Math.log(2), Loss.BINARY_CROSS_ENTROPY.baseline(d), 1e-15);
    }

    @Test
    void skewedBinaryTaskHasTheEntropyOfItsBaseRate() {
        Dataset d = Dataset.of("b", new double[][] {{0}, {1}, {2}, {3}}, new double[][] {{0}, {0}, {0}, {1}}, TaskKind.BINARY);
        double p = 0.25;
        assertEquals(-p * Math.log(p) - (1 - p) * Math.log(1 - p), Loss.BINARY_CROSS_ENTROPY.baseline(d), 1e-15);
    }

    @Test
    void multiclassBaselineIsTheEntropyOfClassFrequencies() {
        double[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
        Dataset d = Dataset.of("m", new double[][] {{0}, {1}, {2}, {3}}, y, TaskKind.MULTICLASS);
        double expected = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
        assertEquals(expected, Loss.SOFTMAX_CROSS_ENTROPY.baseline(d), 1e-15);
    }

    @Test
    void mseBaselineIsTheMeanTargetVariance() {
        double[][] y = {{1, 10}, {3, 10}, {5, 10}, {7, 10}};
        Dataset d = Dataset.of("r", new double[][] {{0}, {1}, {2}, {3}}, y, TaskKind.REGRESSION);
        assertEquals((5.0 + 0.0) / 2, Loss.MSE.baseline(d), 1e-15);
    }
}
