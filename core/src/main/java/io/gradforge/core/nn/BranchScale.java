package io.gradforge.core.nn;

/**
 * The factor s in a residual block y = skip(x) + s * branch(x): a fixed constant or a learned scalar
 * parameter "alpha" starting at {@code initial}.
 *
 * {@snippet :
 * BranchScale.none();        // s = 1, fixed: a plain residual block
 * BranchScale.rezero();      // s learned from 0 (ReZero, Bachlechner et al. 2020)
 * BranchScale.fixed(0.1);    // SkipInit-like constant down-weighting
 * }
 */
public record BranchScale(double initial, boolean learned) {
    public BranchScale {
        if (!Double.isFinite(initial)) {
            throw new IllegalArgumentException("branch scale must be finite but was " + initial + ".");
        }
    }

    public static BranchScale of(double initial, boolean learned) {
        return new BranchScale(initial, learned);
    }

    /** s = 1, not learned. */
    public static BranchScale none() {
        return new BranchScale(1, false);
    }

    public static BranchScale fixed(double scale) {
        return new BranchScale(scale, false);
    }

    public static BranchScale learned(double initial) {
        return new BranchScale(initial, true);
    }

    /** Learned, starting at 0: the block starts as the identity (ReZero). */
    public static BranchScale rezero() {
        return new BranchScale(0, true);
    }
}
