package io.gradforge.dsl.spec;

import java.util.List;
import java.util.Objects;

/**
 * The genes of a recurrent search space ({@code space.cell}, {@code steps}, {@code recurrent_init},
 * {@code truncation}): its candidates are {@code depth} stacked recurrent layers of one cell over sequences of
 * {@code steps} steps (each returning its sequence to the next, the last its last step to the output layer),
 * {@code width} the units of each, {@code init} their input weights' initializer. Each gene here is chosen once
 * per network.
 */
public record RecurrentGenes(int steps, ChoiceGene<CellChoice> cell, ChoiceGene<InitSpec> recurrentInit,
        ChoiceGene<TruncationChoice> truncation) {

    public RecurrentGenes {
        Rules.SEQUENCE_STEPS.check(steps);
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(recurrentInit, "recurrentInit");
        Objects.requireNonNull(truncation, "truncation");
        for (var gene : List.of(cell, recurrentInit, truncation)) {
            if (gene.perLayer()) {
                throw new IllegalArgumentException("a recurrent space chooses cell, recurrent_init and truncation once "
                        + "per network; they take no per_layer: true");
            }
        }
        for (TruncationChoice t : truncation.choices()) {
            if (t.truncation() != null && t.truncation().k2() > steps) {
                throw new IllegalArgumentException(TruncationSpec.beyondSteps("truncation choice "
                        + t.text(), t.truncation().k2(), steps));
            }
        }
    }

    /** Every cell, orthogonal recurrent weights, full BPTT. */
    public static RecurrentGenes of(int steps, CellChoice... cells) {
        return new RecurrentGenes(steps, ChoiceGene.of(List.of(cells)), ChoiceGene.of(RecurrentSpec.DEFAULT_RECURRENT_INIT),
                ChoiceGene.of(TruncationChoice.NONE));
    }
}
