package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ChoiceGene;
import java.util.List;

/**
 * Choice genes for {@link SpaceBuilder} when the varargs forms are not enough: {@code perLayer(16, 32, 64)}
 * lets every hidden block choose on its own, as YAML's {@code per_layer: true}.
 */
public final class Genes {

    private Genes() {}

    /** One choice among {@code choices} for the whole network (YAML's {@code per_layer: false}). */
    @SafeVarargs
    public static <T> ChoiceGene<T> oneOf(T... choices) {
        return new ChoiceGene<>(List.of(choices), false);
    }

    /** A choice among {@code choices} for each hidden block on its own (YAML's {@code per_layer: true}). */
    @SafeVarargs
    public static <T> ChoiceGene<T> perLayer(T... choices) {
        return new ChoiceGene<>(List.of(choices), true);
    }
}
