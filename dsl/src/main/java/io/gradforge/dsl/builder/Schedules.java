package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ScheduleSpec;
import java.util.Map;

/** Learning-rate schedules; {@link #warmup(long, ScheduleSpec)} adds a linear warm-up to any of them. */
public final class Schedules {

    private Schedules() {}

    /** The learning rate unchanged throughout: the training default. */
    public static ScheduleSpec constant() {
        return ScheduleSpec.constant();
    }

    /** Cosine decay to 0. */
    public static ScheduleSpec cosine() {
        return ScheduleSpec.of("cosine", 0, Map.of());
    }

    /** Cosine decay from the learning rate to {@code minFactor} (in [0, 1]) times it. */
    public static ScheduleSpec cosine(double minFactor) {
        return ScheduleSpec.of("cosine", 0, Map.of("min_factor", minFactor));
    }

    /** Multiply the rate by {@code gamma} every {@code every} steps. */
    public static ScheduleSpec step(long every, double gamma) {
        return ScheduleSpec.of("step", 0, Map.of("every", (double) every, "gamma", gamma));
    }

    /** {@code schedule} after {@code steps} steps of linear warm-up: {@code warmup(50, cosine())}. */
    public static ScheduleSpec warmup(long steps, ScheduleSpec schedule) {
        return ScheduleSpec.of(schedule.name(), steps, schedule.parameters());
    }
}
