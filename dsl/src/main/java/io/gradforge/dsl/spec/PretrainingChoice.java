package io.gradforge.dsl.spec;

import org.jspecify.annotations.Nullable;

/**
 * One value of the search space's {@code pretraining} gene: no pretraining ({@link #NONE}, written {@code none}) or
 * the pretraining a candidate trains with.
 */
public record PretrainingChoice(@Nullable PretrainingSpec pretraining) {
    /** No pretraining. */
    public static final PretrainingChoice NONE = new PretrainingChoice(null);

    public static PretrainingChoice of(PretrainingSpec pretraining) {
        return new PretrainingChoice(java.util.Objects.requireNonNull(pretraining, "pretraining"));
    }
}
