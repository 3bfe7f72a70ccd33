package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.ResidualSpec;
import java.util.Objects;

/**
 * A residual block: its branch layers plus the branch scale (default fixed 1), zero-init of the branch's
 * last layer (default false) and the skip's projection (default auto), as YAML's {@code residual:}.
 *
 * {@snippet lang=kotlin :
 * residual {
 *     dense(32); dense(32)
 *     branchScale = BranchScaleSpec.learned(0.0)
 * }
 * }
 */
@GradforgeDsl
public final class ResidualBuilder extends LayerList<ResidualBuilder> {

    private BranchScaleSpec branchScale = BranchScaleSpec.one();
    private boolean zeroInitLast;
    private Projection projection = Projection.AUTO;

    ResidualBuilder() {}

    @Override
    ResidualBuilder self() {
        return this;
    }

    /** The factor the branch is scaled by before it joins the skip. */
    public BranchScaleSpec getBranchScale() {
        return branchScale;
    }

    /**
     * The factor the branch is scaled by: {@code BranchScaleSpec.fixed(0.5)}, or
     * {@code BranchScaleSpec.learned(0.0)} for ReZero (default fixed 1).
     */
    public void setBranchScale(BranchScaleSpec branchScale) {
        this.branchScale = Objects.requireNonNull(branchScale, "branchScale");
    }

    /** Whether the branch's last layer starts at zero. */
    public boolean getZeroInitLast() {
        return zeroInitLast;
    }

    /** Start the branch's last dense layer at zero weights, so the block begins as the identity (default false). */
    public void setZeroInitLast(boolean zeroInitLast) {
        this.zeroInitLast = zeroInitLast;
    }

    /** How the skip path matches widths. */
    public Projection getProjection() {
        return projection;
    }

    /**
     * How the skip path matches widths: {@code AUTO} (default), {@code ALWAYS} or {@code NONE}; see {@link Projection}.
     */
    public void setProjection(Projection projection) {
        this.projection = Objects.requireNonNull(projection, "projection");
    }

    ResidualSpec build() {
        return new ResidualSpec(getLayers(), branchScale, zeroInitLast, projection, 1);
    }
}
