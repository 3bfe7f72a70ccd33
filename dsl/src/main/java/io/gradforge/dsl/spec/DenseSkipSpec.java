package io.gradforge.dsl.spec;

import java.util.List;

/** A concatenating skip (DenseNet-style): output = [x, branch(x)]. */
public record DenseSkipSpec(List<LayerSpec> layers, int repeat) implements LayerSpec {
    public DenseSkipSpec {
        layers = Rules.copy(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(Rules.emptyLayers("dense_skip layers"));
        }
        Rules.REPEAT.check(repeat);
    }

    public static DenseSkipSpec of(List<LayerSpec> layers) {
        return new DenseSkipSpec(layers, 1);
    }
}
