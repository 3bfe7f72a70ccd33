package io.gradforge.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gradforge.bench.RepeatedSearches.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedSearchesTest {
    @Test
    void waitingSplitsTheTimeOneThreadWaitedFromTheTimeAllWaited() {
        // 2 threads over [0, 100]: evaluations 10-50, 20-70, 60-90
        List<Span> spans = List.of(new Span(10, 50), new Span(20, 70), new Span(60, 90));
        // one waiting beside a busy one: 10-20, 50-60, 70-90; none running: 0-10, 90-100
        assertArrayEquals(new long[] {40, 20}, RepeatedSearches.waiting(spans, 2, 0, 100));
        // on one thread nobody waits beside a busy one; an evaluation ending as the next starts leaves no gap
        assertArrayEquals(new long[] {0, 20},
                RepeatedSearches.waiting(List.of(new Span(10, 50), new Span(50, 90)), 1, 0, 100));
    }
}
