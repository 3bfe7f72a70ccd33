package io.gradforge.dsl.spec;

import java.util.Map;

/** A learning-rate schedule by canonical name, with optional linear warm-up. */
public record ScheduleSpec(String name, long warmupSteps, Map<String, Double> parameters) {
    public ScheduleSpec {
        Rules.WARMUP_STEPS.check(warmupSteps);
        var c = Vocabulary.SCHEDULES.canonicalize(name, parameters);
        name = c.name();
        parameters = c.parameters();
    }

    public static ScheduleSpec constant() {
        return new ScheduleSpec("constant", 0, Map.of());
    }

    public static ScheduleSpec of(String name, long warmupSteps, Map<String, Double> parameters) {
        return new ScheduleSpec(name, warmupSteps, parameters);
    }
}
