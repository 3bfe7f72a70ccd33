package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void constant() {
        assertEquals(0.1, Schedule.constant().learningRate(0.1, 0, 10));
        assertEquals(0.1, Schedule.constant().learningRate(0.1, 1000, 10));
    }

    @Test
    void stepDecay() {
        Schedule s = Schedule.stepDecay(10, 0.5);
        assertEquals(1.0, s.learningRate(1.0, 0, 100));
        assertEquals(1.0, s.learningRate(1.0, 9, 100));
        assertEquals(0.5, s.learningRate(1.0, 10, 100));
        assertEquals(0.25, s.learningRate(1.0, 25, 100));
        assertEquals(0.125, s.learningRate(1.0, 30, 100));
    }

    @Test
    void cosineAnnealsToTheFloor() {
        Schedule s = Schedule.cosine(0.1);
        assertEquals(1.0, s.learningRate(1.0, 0, 100), 1e-15);
        assertEquals(0.55, s.learningRate(1.0, 50, 100), 1e-15); // floor + (1 - floor) / 2
        // a quarter of the way: 0.1 + 0.9 * (1 + cos(pi/4)) / 2
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, s.learningRate(1.0, 25, 100), 1e-15);
        assertEquals(0.1, s.learningRate(1.0, 100, 100), 1e-15);
        assertEquals(0.1, s.learningRate(1.0, 150, 100), 1e-15);
        assertEquals(0.0, Schedule.cosine().learningRate(2.0, 10, 10), 1e-15);
    }

    @Test
    void warmupThenCosine() {
        Schedule s = Schedule.warmup(10, Schedule.cosine(0));
        assertEquals(0.0, s.learningRate(1.0, 0, 110));
        assertEquals(0.5, s.learningRate(1.0, 5, 110), 1e-15);
        assertEquals(0.9, s.learningRate(1.0, 9, 110), 1e-15);
        assertEquals(1.0, s.learningRate(1.0, 10, 110), 1e-15); // hand-over: cosine at its step 0
        assertEquals(0.5, s.learningRate(1.0, 60, 110), 1e-15); // half of the remaining 100 steps
        assertEquals(0.0, s.learningRate(1.0, 110, 110), 1e-15);
    }

    @Test
    void warmupFromAStartFactor() {
        Schedule s = Schedule.warmup(4, 0.2, Schedule.constant());
        assertEquals(0.2, s.learningRate(1.0, 0, 10), 1e-15);
        assertEquals(0.6, s.learningRate(1.0, 2, 10), 1e-15);
        assertEquals(1.0, s.learningRate(1.0, 4, 10), 1e-15);
        // total shorter than the warmup: the inner schedule still gets at least one step
        assertEquals(1.0, s.learningRate(1.0, 7, 3), 1e-15);
    }

    @Test
    void rejectsBadValues() {
        assertMessage("step decay interval must be at least 1 but was 0.", () -> Schedule.stepDecay(0, 0.5));
        assertMessage("step decay gamma must be in (0, 1] but was 1.5.", () -> Schedule.stepDecay(10, 1.5));
        assertMessage("cosine min factor must be in [0, 1] but was -0.1.", () -> Schedule.cosine(-0.1));
        assertMessage("warmup steps must be at least 1 but was 0.", () -> Schedule.warmup(0, Schedule.constant()));
        assertMessage("warmup start factor must be in [0, 1] but was 2.0.", () -> Schedule.warmup(5, 2.0, Schedule.constant()));
        assertMessage("learning rate must be positive and finite but was -0.1.", () -> Schedule.constant().learningRate(-0.1, 0, 10));
        assertMessage("step must be non-negative but was -1.", () -> Schedule.cosine().learningRate(0.1, -1, 10));
        assertMessage("total steps must be at least 1 but was 0.", () -> Schedule.cosine().learningRate(0.1, 0, 0));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
