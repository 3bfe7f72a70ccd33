package io.gradforge.dsl.spec;

import java.util.List;

/**
 * A gene choosing one of {@code choices}; with {@code perLayer} each hidden block chooses on its own,
 * otherwise one choice holds for the whole network.
 */
public record ChoiceGene<T>(List<T> choices, boolean perLayer) {
    public ChoiceGene {
        choices = Rules.copy(choices, "choices");
        if (choices.isEmpty()) {
            throw new IllegalArgumentException(Rules.emptyChoices("choices"));
        }
        if (choices.stream().distinct().count() != choices.size()) {
            throw new IllegalArgumentException("choices must not repeat a value but were " + choices);
        }
    }

    public static <T> ChoiceGene<T> of(List<T> choices) {
        return new ChoiceGene<>(choices, false);
    }

    @SafeVarargs
    public static <T> ChoiceGene<T> of(T... choices) {
        return new ChoiceGene<>(List.of(choices), false);
    }

    public ChoiceGene<T> withPerLayer(boolean perLayer) {
        return new ChoiceGene<>(choices, perLayer);
    }
}
