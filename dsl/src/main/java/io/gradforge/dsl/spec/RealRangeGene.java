package io.gradforge.dsl.spec;

/** A real gene in [min, max], sampled on a log scale when {@code log}. */
public record RealRangeGene(double min, double max, boolean log) {
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
    }

    public static RealRangeGene of(double min, double max, boolean log) {
        return new RealRangeGene(min, max, log);
    }
}
