package io.gradforge.core.health;

import java.util.Objects;

/**
 * A {@link HealthFlag} raised for a network, with the measured numbers that raised it.
 *
 * @param flag   the sign
 * @param reason one sentence for people, naming the numbers and the threshold
 */
public record RaisedFlag(HealthFlag flag, String reason) {

    public RaisedFlag {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a raised flag needs a reason but it was blank.");
        }
    }

    public static RaisedFlag of(HealthFlag flag, String reason) {
        return new RaisedFlag(flag, reason);
    }
}
