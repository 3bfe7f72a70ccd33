package io.gradforge.dsl.spec;

/** A whole-number gene in [min, max]. */
public record IntRangeGene(int min, int max) {
    public IntRangeGene {
        if (min > max) {
            throw new IllegalArgumentException(Rules.minAboveMax("range", Integer.toString(min), Integer.toString(max)));
        }
    }

    public static IntRangeGene of(int min, int max) {
        return new IntRangeGene(min, max);
    }
}
