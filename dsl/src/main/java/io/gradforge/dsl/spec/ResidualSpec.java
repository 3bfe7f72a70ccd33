package io.gradforge.dsl.spec;

import java.util.List;
import java.util.Objects;

/** A residual block: output = skip(x) + branch_scale * branch(x). */
public record ResidualSpec(List<LayerSpec> layers, BranchScaleSpec branchScale, boolean zeroInitLast,
        Projection projection, int repeat) implements LayerSpec {
    public ResidualSpec {
        layers = Rules.copy(layers, "layers");
        Objects.requireNonNull(branchScale, "branchScale");
        Objects.requireNonNull(projection, "projection");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(Rules.emptyLayers("residual layers"));
        }
        Rules.REPEAT.check(repeat);
    }

    public static ResidualSpec of(List<LayerSpec> layers) {
        return new ResidualSpec(layers, BranchScaleSpec.one(), false, Projection.AUTO, 1);
    }

    public ResidualSpec withBranchScale(BranchScaleSpec branchScale) {
        return new ResidualSpec(layers, branchScale, zeroInitLast, projection, repeat);
    }

    public ResidualSpec withZeroInitLast(boolean zeroInitLast) {
        return new ResidualSpec(layers, branchScale, zeroInitLast, projection, repeat);
    }

    public ResidualSpec withProjection(Projection projection) {
        return new ResidualSpec(layers, branchScale, zeroInitLast, projection, repeat);
    }

    public ResidualSpec withRepeat(int repeat) {
        return new ResidualSpec(layers, branchScale, zeroInitLast, projection, repeat);
    }
}
