package io.gradforge.core.data;

import static io.gradforge.core.data.DatasetTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    private static void assertSeeded(LongFunction<Dataset> generator) {
        Dataset a = generator.apply(1);
        Dataset b = generator.apply(1);
        Dataset c = generator.apply(2);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.targets(), b.targets());
        assertEquals(a, b);
        assertFalse(Arrays.equals(a.features(), c.features()), "different seeds gave the same features");
    }

    private static void assertShape(Dataset d, int size, int inputs, int outputs, TaskKind task) {
        assertEquals(size, d.size());
        assertEquals(inputs, d.inputSize());
        assertEquals(outputs, d.outputSize());
        assertEquals(task, d.task());
    }

    private static int positives(Dataset d) {
        int n = 0;
        for (int i = 0; i < d.size(); i++) n += d.classOf(i);
        return n;
    }

    private static double maxAbs(double[] values) {
        return Arrays.stream(values).map(Math::abs).max().orElse(0);
    }

    @Test
    void twoSpirals() {
        Dataset d = Datasets.twoSpirals(301, 0.0, 5);
        assertShape(d, 301, 2, 1, TaskKind.BINARY);
        assertEquals(150, positives(d));
        assertTrue(maxAbs(d.features()) <= 1.0);
        // noise-free points lie on their arm: radius r, angle r * 2 pi * turns (arm 1 rotated by pi)
        for (int i = 0; i < d.size(); i++) {
            double x = d.feature(i, 0);
            double y = d.feature(i, 1);
            double r = Math.hypot(x, y);
            double sign = d.classOf(i) == 0 ? 1 : -1;
            double theta = r * 2 * Math.PI * Datasets.SPIRAL_TURNS;
            assertEquals(sign * r * Math.cos(theta), x, 1e-12);
            assertEquals(sign * r * Math.sin(theta), y, 1e-12);
        }
        assertTrue(maxAbs(Datasets.twoSpirals(500, 0.05, 5).features()) < 1.5);
        assertSeeded(seed -> Datasets.twoSpirals(100, 0.05, seed));
        assertMessage("samples must be at least 2 but was 1.", () -> Datasets.twoSpirals(1, 0, 1));
        assertMessage("noise must be non-negative and finite but was -0.1.", () -> Datasets.twoSpirals(10, -0.1, 1));
    }

    @Test
    void circles() {
        Dataset d = Datasets.circles(200, 0.0, 0.5, 5);
        assertShape(d, 200, 2, 1, TaskKind.BINARY);
        assertEquals(100, positives(d));
        for (int i = 0; i < d.size(); i++) {
            double expected = d.classOf(i) == 0 ? 1.0 : 0.5;
            assertEquals(expected, Math.hypot(d.feature(i, 0), d.feature(i, 1)), 1e-12);
        }
        assertSeeded(seed -> Datasets.circles(100, 0.1, 0.5, seed));
        assertMessage("circle factor must be in (0, 1) but was 1.0.", () -> Datasets.circles(10, 0, 1.0, 1));
    }

    @Test
    void parityTruthTableForThreeBits() {
        Dataset d = Datasets.parity(3);
        assertShape(d, 8, 3, 1, TaskKind.BINARY);
        double[] expectedX = {
            -1, -1, -1,
            -1, -1, 1,
            -1, 1, -1,
            -1, 1, 1,
            1, -1, -1,
            1, -1, 1,
            1, 1, -1,
            1, 1, 1};
        double[] expectedY = {0, 1, 1, 0, 1, 0, 0, 1};
        assertArrayEquals(expectedX, d.features());
        assertArrayEquals(expectedY, d.targets());
        assertEquals(1 << 10, Datasets.parity(10).size());
        assertEquals(512, positives(Datasets.parity(10)));
        // the seeded variant is a permutation of the same rows
        Dataset shuffled = Datasets.parity(3, 9);
        assertEquals(4, positives(shuffled));
        assertFalse(Arrays.equals(d.features(), shuffled.features()));
        for (int i = 0; i < 8; i++) {
            int ones = 0;
            for (int b = 0; b < 3; b++) ones += shuffled.feature(i, b) > 0 ? 1 : 0;
            assertEquals(ones % 2, shuffled.classOf(i));
        }
        assertSeeded(seed -> Datasets.parity(4, seed));
        assertMessage("parity bits must be in 1..16 but was 17.", () -> Datasets.parity(17));
        assertMessage("parity bits must be in 1..16 but was 0.", () -> Datasets.parity(0));
    }

    @Test
    void checkerboard() {
        Dataset d = Datasets.checkerboard(2000, 4, 5);
        assertShape(d, 2000, 2, 1, TaskKind.BINARY);
        assertTrue(maxAbs(d.features()) <= 1.0);
        int pos = positives(d);
        assertTrue(pos > 850 && pos < 1150, "unbalanced: " + pos);
        for (int i = 0; i < d.size(); i++) {
            int cx = (int) Math.floor((d.feature(i, 0) + 1) * 2);
            int cy = (int) Math.floor((d.feature(i, 1) + 1) * 2);
            assertEquals((cx + cy) % 2, d.classOf(i));
        }
        assertSeeded(seed -> Datasets.checkerboard(100, 3, seed));
        assertMessage("checkerboard cells must be at least 2 but was 1.", () -> Datasets.checkerboard(10, 1, 1));
    }

    @Test
    void blobs() {
        Dataset d = Datasets.blobs(300, 3, 5, 0.1, 5);
        assertShape(d, 300, 5, 3, TaskKind.MULTICLASS);
        int[] counts = new int[3];
        double[][] means = new double[3][5];
        for (int i = 0; i < d.size(); i++) {
            int c = d.classOf(i);
            counts[c]++;
            for (int j = 0; j < 5; j++) means[c][j] += d.feature(i, j) / 100;
        }
        assertArrayEquals(new int[] {100, 100, 100}, counts);
        // each point is closer to its own class mean than to the others (tight blobs)
        int correct = 0;
        for (int i = 0; i < d.size(); i++) {
            int best = 0;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < 3; c++) {
                double dist = 0;
                for (int j = 0; j < 5; j++) dist += Math.pow(d.feature(i, j) - means[c][j], 2);
                if (dist < bestDist) { bestDist = dist; best = c; }
            }
            correct += best == d.classOf(i) ? 1 : 0;
        }
        assertTrue(correct > 290, "nearest-mean accuracy " + correct);
        assertEquals(3, d.classLabels().size());
        assertSeeded(seed -> Datasets.blobs(60, 3, 2, 0.5, seed));
        assertMessage("blob spread must be positive and finite but was 0.0.", () -> Datasets.blobs(10, 2, 2, 0, 1));
        assertMessage("classes must be at least 2 but was 1.", () -> Datasets.blobs(10, 1, 2, 1, 1));
    }

    @Test
    void sine() {
        Dataset d = Datasets.sine(200, 0.0, 5);
        assertShape(d, 200, 1, 1, TaskKind.REGRESSION);
        for (int i = 0; i < d.size(); i++) {
            assertTrue(Math.abs(d.feature(i, 0)) <= Math.PI);
            assertEquals(Math.sin(d.feature(i, 0)), d.target(i, 0), 1e-15);
        }
        assertSeeded(seed -> Datasets.sine(50, 0.1, seed));
    }

    @Test
    void teacher() {
        Dataset d = Datasets.teacher(500, 6, 2, 16, 3, 5);
        assertShape(d, 500, 6, 2, TaskKind.REGRESSION);
        double[] y = d.targets();
        double mean = Arrays.stream(y).average().orElseThrow();
        double var = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertTrue(var > 1e-3 && var < 10, "teacher output variance " + var);
        // the targets are a function of the inputs: same inputs, same seed -> same targets; other seed differs
        assertSeeded(seed -> Datasets.teacher(50, 3, 1, 8, 2, seed));
        assertNotEquals(Datasets.teacher(50, 3, 1, 8, 2, 1), Datasets.teacher(50, 3, 1, 8, 3, 1));
        assertMessage("teacher depth must be in 1..64 but was 0.", () -> Datasets.teacher(10, 2, 1, 4, 0, 1));
        assertMessage("hidden width must be at least 1 but was 0.", () -> Datasets.teacher(10, 2, 1, 0, 2, 1));
    }

    @Test
    void teacherInputsHaveTheGivenMeanAndVariance() {
        Dataset d = Datasets.teacher(20_000, 4, 1, 8, 2, 3.0, 0.25, 7);
        double[] x = d.features();
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        // 80000 draws: standard errors 0.0018 for the mean and 0.0013 for the variance
        assertEquals(3.0, mean, 0.01);
        assertEquals(0.25, var, 0.01);
        assertEquals(Datasets.teacher(50, 3, 1, 8, 2, 4), Datasets.teacher(50, 3, 1, 8, 2, 0.0, 1.0, 4),
                "the defaults are standard Gaussian inputs, as before");
        assertMessage("teacher input variance must be positive and finite but was 0.0.",
                () -> Datasets.teacher(10, 2, 1, 4, 2, 0.0, 0.0, 1));
        assertMessage("teacher input mean must be finite but was NaN.",
                () -> Datasets.teacher(10, 2, 1, 4, 2, Double.NaN, 1.0, 1));
    }
}
