package io.gradforge.dsl.spec;

/**
 * The factor a residual branch is multiplied by before it joins the skip: fixed, or learned from an
 * initial value (ReZero / SkipInit start it at 0).
 */
public record BranchScale(double init, boolean learned) {
    public BranchScale {
        Rules.BRANCH_SCALE.check(init);
    }

    public static BranchScale fixed(double value) {
        return new BranchScale(value, false);
    }

    public static BranchScale learned(double init) {
        return new BranchScale(init, true);
    }

    public static BranchScale one() {
        return fixed(1.0);
    }
}
