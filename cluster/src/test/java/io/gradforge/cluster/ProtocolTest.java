package io.gradforge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.GradientProfile;
import io.gradforge.search.Outcome;
import io.gradforge.search.PretrainingPhase;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An outcome crosses the wire whole, so a cluster run journals what a local run journals. */
class ProtocolTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Outcome roundTrip(Outcome o) {
        return Protocol.outcomeOf(JSON.readTree(JSON.writeValueAsString(Protocol.outcomeJson(o))));
    }

    @Test
    void everyPartOfAnOutcomeSurvivesTheTrip() {
        Outcome full = new Outcome(EvaluationStatus.TRAINED, 0.25, 17, 40, 0.875, List.of("VANISHING"), 0.125, 337,
                "used the budget", List.of(0.7, Double.NaN, 0.2),
                new PretrainingPhase(15, List.of(0.5, 0.25), Double.NaN),
                new java.util.LinkedHashMap<>(java.util.Map.of("init_score", 0.75)),
                new GradientProfile(List.of(1e-3, 2.5e-2, Double.POSITIVE_INFINITY), List.of(4e-4, 1e-2, 0.5)));
        assertEquals(full, roundTrip(full));
        Outcome bare = new Outcome(EvaluationStatus.SCREENED_OUT, Double.NaN, -1, 0, 0.01, List.of(), Double.NaN,
                700, "screened out at init");
        assertEquals(bare, roundTrip(bare));
    }
}
