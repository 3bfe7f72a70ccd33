package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ChoiceGene;
import java.util.List;

/**
 * Choice genes for {@link SpaceBuilder} when the varargs forms are not enough: {@code perLayer(16, 32, 64)}
 * lets every hidden block choose on its own, as YAML's {@code per_layer: true}.
 */
public final class Genes {

    private Genes() {}

    @SafeVarargs
    public static <T> ChoiceGene<T> oneOf(T... choices) {
        return new ChoiceGene<>(List.of(choices), false);
    }

    @SafeVarargs
    public static <T> ChoiceGene<T> perLayer(T... choices) {
        return new ChoiceGene<>(List.of(choices), true);
    }
}
