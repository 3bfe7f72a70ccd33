package io.gradforge.bench;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.CandidateEvaluator;
import io.gradforge.search.Search;
import io.gradforge.search.TrainingEvaluator;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a JVM that stays up (the daemon, a worker) spends search after search: runs a search spec again and again in
 * one JVM, on 1 and then 2 evaluation threads in each round, and prints per search its wall time, the JIT's compile
 * time, the collector's time, the process's CPU, the search thread's CPU, and how busy the evaluation threads were
 * (with the time one of two waited while the other evaluated, and the time both waited). Every search runs the
 * spec's own seed, so all evaluate the same candidates; what changes is only what the JVM has compiled.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -XX:+UseParallelGC [the launcher's JIT options] \
 *     -cp bench/target/benchmarks.jar io.gradforge.bench.RepeatedSearches specs/quickstart.yaml [rounds=6]
 * }
 */
public final class RepeatedSearches {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private RepeatedSearches() {}

    /** One evaluation, from when to when (nanoTime). */
    record Span(long start, long end) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: RepeatedSearches SPEC.yaml [rounds, default 6]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        SearchSpec spec = Search.withAbsoluteData(SpecReader.readSearch(file), file);
        Path scratch = Files.createTempDirectory("gradforge-repeated");
        System.out.println("search,threads,wall_s,jit_ms,gc_ms,process_cpu_ms,search_thread_cpu_ms,busy_percent,"
                + "one_waiting_ms,all_waiting_ms,evaluations");
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                n++;
                List<Span> spans = Collections.synchronizedList(new ArrayList<>());
                TrainingEvaluator evaluator = TrainingEvaluator.of(spec, file);
                CandidateEvaluator timed = (candidate, seed, rung, cancelled) -> {
                    long t0 = System.nanoTime();
                    try {
                        return evaluator.evaluate(candidate, seed, rung, cancelled);
                    } finally {
                        spans.add(new Span(t0, System.nanoTime()));
                    }
                };
                long jit0 = JIT.getTotalCompilationTime(), gc0 = gcMillis(), cpu0 = processCpu();
                long thread0 = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                Search.builder(spec).specFile(file).threads(threads).runDirectory(scratch.resolve("search-" + n))
                        .evaluator(timed).build().run();
                long end = System.nanoTime();
                long threadCpu = THREADS.getCurrentThreadCpuTime() - thread0;
                long cpu = processCpu() - cpu0, gc = gcMillis() - gc0, jit = JIT.getTotalCompilationTime() - jit0;
                long[] waiting = waiting(spans, threads, start, end);
                long busy = 0;
                for (Span s : spans) busy += s.end - s.start;
                System.out.printf(Locale.ROOT, "%d,%d,%.3f,%d,%d,%d,%d,%.1f,%d,%d,%d%n", n, threads,
                        (end - start) / 1e9, jit, gc, cpu / 1_000_000, threadCpu / 1_000_000,
                        100.0 * busy / (threads * (double) (end - start)), waiting[0] / 1_000_000,
                        waiting[1] / 1_000_000, spans.size());
            }
        }
    }

    /**
     * The time, within [start, end], that fewer evaluations ran than there are threads while at least one ran
     * (some thread waited beside a busy one), and the time none ran (every thread waited: the search's start, its
     * end, the search thread alone).
     */
    static long[] waiting(List<Span> spans, int threads, long start, long end) {
        List<long[]> events = new ArrayList<>();
        for (Span s : spans) {
            events.add(new long[] {s.start, 1});
            events.add(new long[] {s.end, -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long some = 0, none = 0, previous = start;
        int running = 0;
        for (long[] e : events) {
            long dt = e[0] - previous;
            if (running == 0) none += dt;
            else if (running < threads) some += dt;
            previous = e[0];
            running += (int) e[1];
        }
        none += end - previous;
        return new long[] {some, none};
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) t += b.getCollectionTime();
        return t;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
