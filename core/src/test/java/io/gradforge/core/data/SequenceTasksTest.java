package io.gradforge.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceTasksTest {

    @Test
    void addingMarksOneStepInEachHalfAndAddsTheirValues() {
        int steps = 50;
        Dataset d = SequenceTasks.adding(4000, steps, 7);
        assertEquals(2 * steps, d.inputSize());
        assertEquals(TaskKind.REGRESSION, d.task());
        double mean = 0;
        double squares = 0;
        for (int i = 0; i < d.size(); i++) {
            int first = -1;
            int second = -1;
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                double v = d.feature(i, 2 * t);
                assertTrue(v >= 0 && v < 1, "value " + v);
                double marker = d.feature(i, 2 * t + 1);
                if (marker == 1) {
                    if (first < 0) first = t; else second = t;
                    sum += v;
                } else {
                    assertEquals(0, marker);
                }
            }
            assertTrue(first >= 0 && first < steps / 2 && second >= steps / 2, first + ", " + second);
            assertEquals(sum, d.target(i, 0), 0.0);
            mean += sum;
            squares += sum * sum;
        }
        mean /= d.size();
        double variance = squares / d.size() - mean * mean;
        // the trivial predictor's MSE: the variance of the sum of two U[0, 1), 1/6
        assertEquals(1.0, mean, 0.03);
        assertEquals(1.0 / 6, variance, 0.01);
    }

    @Test
    void memoryAsksAtTheLastStepForTheFirstSymbol() {
        Dataset d = SequenceTasks.memory(300, 20, 4, 3);
        assertEquals(20 * 5, d.inputSize());
        assertEquals(TaskKind.MULTICLASS, d.task());
        int[] counts = new int[4];
        for (int i = 0; i < d.size(); i++) {
            int symbol = d.classOf(i);
            counts[symbol]++;
            assertEquals(1, d.feature(i, symbol));
            double total = 0;
            for (int c = 0; c < d.inputSize(); c++) total += d.feature(i, c);
            assertEquals(2, total, "one symbol and one cue");
            assertEquals(1, d.feature(i, 19 * 5 + 4), "the cue at the last step");
        }
        for (int c : counts) assertTrue(c > 40, "every symbol appears");
    }

    @Test
    void parityAndDelayedXorLabelTheirBits() {
        Dataset p = SequenceTasks.parity(200, 9, 5);
        Dataset x = SequenceTasks.delayedXor(200, 9, 3, 5);
        for (int i = 0; i < 200; i++) {
            int ones = 0;
            for (int t = 0; t < 9; t++) if (p.feature(i, t) == 1) ones++;
            assertEquals(ones % 2, p.target(i, 0));
            boolean a = x.feature(i, 9 - 2 - 3) > 0;
            boolean b = x.feature(i, 9 - 1 - 3) > 0;
            assertEquals(a ^ b ? 1 : 0, x.target(i, 0));
        }
    }

    @Test
    void sameSeedSameSequencesOtherSeedOtherSequences() {
        assertEquals(SequenceTasks.adding(50, 10, 1), SequenceTasks.adding(50, 10, 1));
        assertNotEquals(SequenceTasks.adding(50, 10, 1), SequenceTasks.adding(50, 10, 2));
        assertEquals(SequenceTasks.delayedXor(50, 10, 8, 1), SequenceTasks.delayedXor(50, 10, 8, 1));
    }

    @Test
    void rejectsBadArgumentsNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceTasks.adding(10, 1, 1));
        assertEquals("steps must be in 2..100000 but was 1.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceTasks.delayedXor(10, 10, 9, 1));
        assertEquals("delayed XOR delay must be in 0..8 (steps - 2) but was 9.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceTasks.memory(10, 10, 1, 1));
        assertEquals("memory symbols must be in 2..1000 but was 1.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceTasks.parity(10_000_000, 100_000, 1));
        assertTrue(e.getMessage().contains("more than one array holds"), e.getMessage());
    }
}
