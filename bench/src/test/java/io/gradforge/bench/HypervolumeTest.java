package io.gradforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HypervolumeTest {
    private static double[] p(double x, double y) {
        return new double[] {x, y};
    }

    @Test
    void knownValues() {
        assertEquals(0, Hypervolume.of(List.of()));
        assertEquals(0.25, Hypervolume.of(List.of(p(0.5, 0.5))), 1e-15);
        assertEquals(1, Hypervolume.of(List.of(p(1, 1), p(0.3, 0.4))), 1e-15);
        // three non-dominated points: 1 x 0.2 + 0.5 x (0.5 - 0.2) + 0.2 x (1 - 0.5)
        assertEquals(0.45, Hypervolume.of(List.of(p(0.5, 0.5), p(1, 0.2), p(0.2, 1))), 1e-15);
        // dominated points, duplicates and points on the reference axes add nothing
        assertEquals(0.45, Hypervolume.of(List.of(p(0.2, 1), p(0.4, 0.4), p(0.5, 0.5), p(0, 1), p(1, 0.2),
                p(1, 0), p(0.5, 0.5), p(0.1, 0.1), p(0, 0))), 1e-15);
        // equal x, different y: only the higher counts
        assertEquals(0.35, Hypervolume.of(List.of(p(0.5, 0.3), p(0.5, 0.7))), 1e-15);
    }

    @Test
    void matchesAGridCountOnRandomPoints() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            List<double[]> points = new ArrayList<>();
            int n = 1 + random.nextInt(30);
            // coordinates on a grid of 1/50 so the reference below is exact
            for (int i = 0; i < n; i++) points.add(p(random.nextInt(51) / 50.0, random.nextInt(51) / 50.0));
            int cells = 0;
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 50; j++) {
                    double cx = (i + 0.5) / 50, cy = (j + 0.5) / 50;
                    for (double[] q : points) {
                        if (q[0] >= cx && q[1] >= cy) {
                            cells++;
                            break;
                        }
                    }
                }
            }
            assertEquals(cells / 2500.0, Hypervolume.of(points), 1e-12);
        }
    }

    @Test
    void rejectsNonFinitePoints() {
        var e = assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(p(Double.NaN, 1))));
        assertEquals("a point needs two finite coordinates but was [NaN, 1.0].", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(new double[] {1})));
    }
}
