package io.gradforge.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The hypervolume of two maximized objectives against the reference point (0, 0): the area dominated by at least
 * one of the points, i.e. the union of the rectangles {@code [0, x] x [0, y]}. Only the non-dominated points
 * contribute, so it is the hypervolume of the Pareto front of the points. With both objectives in [0, 1] (as
 * Gradforge's convergence and health scores are) it lies in [0, 1]; 1 would be a candidate scoring (1, 1).
 *
 * {@snippet :
 * double hv = Hypervolume.of(List.of(new double[] {0.5, 0.5}, new double[] {1.0, 0.2})); // 0.2 + 0.5 * 0.3 = 0.35
 * }
 *
 * @implNote Stateless; {@code O(n log n)}.
 */
public final class Hypervolume {
    private Hypervolume() {}

    /**
     * The area dominated by {@code points} (each {@code {x, y}}, both maximized) above the reference (0, 0); a
     * point with a coordinate at or below 0 adds nothing. Not modified: {@code points}.
     *
     * @throws IllegalArgumentException if a point does not have two finite coordinates (the value is named)
     */
    public static double of(List<double[]> points) {
        Objects.requireNonNull(points, "points");
        double[][] p = new double[points.size()][];
        for (int i = 0; i < p.length; i++) {
            double[] q = Objects.requireNonNull(points.get(i), "point");
            if (q.length != 2 || !Double.isFinite(q[0]) || !Double.isFinite(q[1])) {
                throw new IllegalArgumentException("a point needs two finite coordinates but was "
                        + Arrays.toString(q) + ".");
            }
            p[i] = q;
        }
        // Sweep from the largest x down: each point that rises above the highest y so far adds the strip between
        // the two heights, as wide as its own x (every point after it is narrower).
        Arrays.sort(p, Comparator.comparingDouble((double[] q) -> -q[0]).thenComparingDouble(q -> -q[1]));
        double area = 0;
        double top = 0;
        for (double[] q : p) {
            if (q[0] <= 0) break;
            if (q[1] > top) {
                area += q[0] * (q[1] - top);
                top = q[1];
            }
        }
        return area;
    }
}
