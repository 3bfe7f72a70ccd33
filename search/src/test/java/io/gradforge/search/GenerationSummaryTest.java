package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GenerationSummaryTest {
    @Test
    void printsOneLine() {
        GenerationSummary g = new GenerationSummary(3, 8, 2, 1, 32, null, 4, Duration.ofMillis(5_240));
        assertEquals("generation 3: 8 run, 2 from journal, 1 cache hits; 32 evaluations, front 4, best none yet; 5.2 s",
                g.toString());
    }
}
