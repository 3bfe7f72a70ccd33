package io.gradforge.dsl.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A real gene in [min, max], sampled on a log scale when {@code log}. With {@code steps} of 2 or more the gene
 * takes only the {@code steps} grid values {@link #values()}, evenly spaced (on the log scale when {@code log})
 * from min to max inclusive: a finite gene, which a tabulated space needs; {@code steps} 0 means continuous.
 */
public record RealRangeGene(double min, double max, boolean log, int steps) {
    /** The most grid values a discretized range may have. */
    public static final int MAX_STEPS = 100;

    public RealRangeGene {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("range bounds must be finite but were " + min + " and " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException(Rules.minAboveMax("range", Rules.format(min), Rules.format(max)));
        }
        if (log && min <= 0) {
            throw new IllegalArgumentException("a log-scale range needs min > 0 but min was " + Rules.format(min));
        }
        if (steps != 0 && (steps < 2 || steps > MAX_STEPS)) {
            throw new IllegalArgumentException("steps must be 0 (continuous) or in [2, " + MAX_STEPS + "] but was "
                    + steps);
        }
        if (steps != 0 && min == max) {
            throw new IllegalArgumentException("steps needs a range (min < max) but min and max were both "
                    + Rules.format(min));
        }
    }

    /** A continuous range. */
    public RealRangeGene(double min, double max, boolean log) {
        this(min, max, log, 0);
    }

    public static RealRangeGene of(double min, double max, boolean log) {
        return new RealRangeGene(min, max, log, 0);
    }

    /** This range with {@code steps} grid values (0: continuous). */
    public RealRangeGene withSteps(int steps) {
        return new RealRangeGene(min, max, log, steps);
    }

    /** Whether the gene takes finitely many values: a grid, or one fixed value. */
    public boolean isFinite() {
        return steps > 0 || min == max;
    }

    /**
     * The value at key {@code u} in [0, 1] (clamped; NaN reads as 0), rounded to 3 significant digits so that
     * written specs stay readable and nearby values share a cache entry: {@code min * (max/min)^u} on a log
     * range, else linear; on a grid, the grid value of bin {@code floor(u * steps)}.
     */
    public double valueAt(double u) {
        if (min == max) return min;
        double c = Double.isNaN(u) ? 0 : Math.max(0, Math.min(u, 1));
        if (steps > 0) return values().get(Math.min(steps - 1, (int) (c * steps)));
        return interpolate(c);
    }

    /** The grid values, min first (one value for a fixed gene; empty for a continuous range). */
    public List<Double> values() {
        if (min == max) return List.of(min);
        List<Double> v = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) v.add(interpolate((double) i / (steps - 1)));
        return List.copyOf(v);
    }

    private double interpolate(double c) {
        double v = log
                ? Math.exp(Math.log(min) + c * (Math.log(max) - Math.log(min)))
                : min + c * (max - min);
        double rounded = new BigDecimal(v).round(new MathContext(3)).doubleValue();
        return Math.max(min, Math.min(max, rounded));
    }
}
