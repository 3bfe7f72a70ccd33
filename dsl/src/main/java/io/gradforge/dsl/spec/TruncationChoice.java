package io.gradforge.dsl.spec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One value of a recurrent search space's {@code truncation} gene: full BPTT ({@link #NONE}, written
 * {@code none}) or a truncation every recurrent layer of the candidate trains with.
 */
public record TruncationChoice(@Nullable TruncationSpec truncation) {
    /** Full backpropagation through time. */
    public static final TruncationChoice NONE = new TruncationChoice(null);

    public static TruncationChoice of(TruncationSpec truncation) {
        return new TruncationChoice(Objects.requireNonNull(truncation, "truncation"));
    }

    /** "none", "20" or "10/20". */
    public String text() {
        return truncation == null ? "none" : truncation.text();
    }
}
