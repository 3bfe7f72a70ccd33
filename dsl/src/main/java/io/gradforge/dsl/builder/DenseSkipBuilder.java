package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.DenseSkipSpec;

/** A concatenating skip: output = [x, branch(x)], the branch declared in the block. */
@GradforgeDsl
public final class DenseSkipBuilder extends LayerList<DenseSkipBuilder> {

    DenseSkipBuilder() {}

    @Override
    DenseSkipBuilder self() {
        return this;
    }

    DenseSkipSpec build() {
        return DenseSkipSpec.of(getLayers());
    }
}
