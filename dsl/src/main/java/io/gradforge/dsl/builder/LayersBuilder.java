package io.gradforge.dsl.builder;

/** The body of a {@code repeat(n) { ... }} block: layers only. */
@GradforgeDsl
public final class LayersBuilder extends LayerList<LayersBuilder> {

    LayersBuilder() {}

    @Override
    LayersBuilder self() {
        return this;
    }
}
