package io.gradforge.dsl.spec;

/**
 * The factor a residual branch is multiplied by before it joins the skip: fixed, or learned from an
 * initial value (ReZero / SkipInit start it at 0).
 */
public record BranchScaleSpec(double init, boolean learned) {
    public BranchScaleSpec {
        Rules.BRANCH_SCALE.check(init);
    }

    public static BranchScaleSpec fixed(double value) {
        return new BranchScaleSpec(value, false);
    }

    public static BranchScaleSpec learned(double init) {
        return new BranchScaleSpec(init, true);
    }

    public static BranchScaleSpec one() {
        return fixed(1.0);
    }
}
