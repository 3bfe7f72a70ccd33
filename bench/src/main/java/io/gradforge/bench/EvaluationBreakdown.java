package io.gradforge.bench;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.nn.Network;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.run.SpecCompiler;
import io.gradforge.search.CandidateEvaluator;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Search;
import io.gradforge.search.SearchResult;
import io.gradforge.search.TrainingEvaluator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a search's evaluation time goes: runs a search spec on one thread twice in one JVM (cold, then warm with
 * the same seed, so the same candidates) and once more warm on two threads (the population scaling without JIT
 * warm-up, and how busy the two evaluation threads were), then replays the warm search's candidates phase by
 * phase with {@link TrainingEvaluator}'s own pieces and prints the time of each phase per evaluation.
 *
 * <ul>
 *   <li>JIT warm-up: the cold search's wall time minus the warm one's (same candidates, same work);</li>
 *   <li>bookkeeping: the warm search's wall time minus the time its evaluator ran (evolution, journal, outputs,
 *       thread hand-offs), timed in nanoseconds around each call (an evaluation's journaled {@code duration_ms}
 *       is truncated to whole milliseconds, which would count half a millisecond per evaluation here);</li>
 *   <li>per evaluation, replayed on the warm JVM and timed in thread CPU time (robust on a shared machine):
 *       building (data, network, trainer), screening at init, training steps (the fit with no probe), health
 *       probing (the fit under the evaluation's probe, and its report, minus the fit with none), validation
 *       (the fit with the spec's validation split minus the fit without; 0 when the split is 0).</li>
 * </ul>
 * The replay sums are per evaluation of the warm search: a screened-out candidate costs building and screening.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.gradforge.bench.EvaluationBreakdown \
 *     specs/quickstart.yaml [--evaluations N] [--seed S]
 * }
 */
public final class EvaluationBreakdown {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EvaluationBreakdown() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EvaluationBreakdown SPEC.yaml [--evaluations N] [--seed S]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        SearchSpec spec = Search.withAbsoluteData(SpecReader.readSearch(file), file);
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--evaluations" -> spec = spec.withBudget(spec.budget().withMaxEvaluations(Long.parseLong(args[i + 1])));
                case "--seed" -> spec = spec.withSeed(Long.parseLong(args[i + 1]));
                default -> {
                    System.err.println("EvaluationBreakdown: unknown option " + args[i]
                            + " (accepted: --evaluations N, --seed S)");
                    System.exit(2);
                }
            }
        }
        Path scratch = Files.createTempDirectory("gradforge-breakdown");
        long cold = search(spec, file, scratch.resolve("cold"), 1).wallNanos;
        Run warm = search(spec, file, scratch.resolve("warm"), 1);
        Run warmTwo = search(spec, file, scratch.resolve("warm-2"), 2);
        List<Evaluation> evaluations = warm.result.evaluations();
        int n = evaluations.size();
        long evaluating = warm.evaluatingNanos;

        TrainingEvaluator evaluator = TrainingEvaluator.of(spec, file);
        long build = 0, screen = 0, train = 0, probed = 0, validated = 0;
        int screenedOut = 0, trained = 0;
        for (Evaluation e : evaluations) {
            ExperimentSpec experiment = TrainingEvaluator.experiment(e.candidate(), e.seed());
            TrainingSpec t = experiment.training();
            long t0 = cpu();
            Dataset data = evaluator.data(t);
            Network network = network(experiment);
            Trainer trainer = SpecCompiler.trainer(t);
            long steps = TrainingEvaluator.steps(t, data, e.rung());
            build += cpu() - t0;
            if (spec.budget().screenAtInit()) {
                long t1 = cpu();
                TrainingEvaluator.screen(network, trainer, data, e.seed());
                screen += cpu() - t1;
                if (e.status() == EvaluationStatus.SCREENED_OUT) {
                    screenedOut++;
                    continue;
                }
            }
            trained++;
            Trainer plain = trainer.toBuilder().steps(steps).validationSplit(0).build();
            long t2 = cpu();
            plain.fit(network(experiment), data, TrainingProbe.NONE, () -> false);
            long fit = cpu() - t2;
            train += fit;
            Network again = network(experiment);
            long t3 = cpu();
            HealthProbe probe = TrainingEvaluator.probe(again, steps, plain);
            TrainingResult r = plain.fit(again, data, probe, () -> false);
            probe.report(r);
            probed += cpu() - t3 - fit;
            if (t.validationSplit() > 0) {
                long t4 = cpu();
                trainer.toBuilder().steps(steps).build().fit(network(experiment), data, TrainingProbe.NONE, () -> false);
                validated += cpu() - t4 - fit;
            }
        }
        long warmWall = warm.wallNanos;
        long replayed = build + screen + train + probed + validated;
        System.out.printf(Locale.ROOT, "search %s, %d evaluations (%d trained, %d screened out), one thread%n",
                spec.name(), n, trained, screenedOut);
        System.out.printf(Locale.ROOT, "cold search %.2f s (%.1f evaluations/s), warm search %.2f s (%.1f/s)%n",
                cold / 1e9, n / (cold / 1e9), warmWall / 1e9, n / (warmWall / 1e9));
        System.out.printf(Locale.ROOT, "%-26s %14s %8s%n", "phase (thread CPU)", "ms/evaluation", "share");
        row("building (data, network)", build, n, replayed);
        row("screening at init", screen, n, replayed);
        row("training steps", train, n, replayed);
        row("health probing", probed, n, replayed);
        row("validation", validated, n, replayed);
        row("evaluation", replayed, n, replayed);
        System.out.printf(Locale.ROOT, "%-26s %14s %8s%n", "outside (wall)", "ms/evaluation", "of warm");
        row("bookkeeping", warmWall - evaluating, n, warmWall);
        row("  of it, search thread CPU", warm.searchThreadCpuNanos, n, warmWall);
        row("JIT warm-up", cold - warmWall, n, warmWall);
        // Two threads, warm: the pool's busy share shows what the generation barrier and the serial evolution
        // leave idle (a generation's offspring are all evaluated before the next generation is bred).
        System.out.printf(Locale.ROOT, "warm search on 2 threads %.2f s (x%.2f over 1 thread); the 2 evaluation "
                        + "threads were busy %.0f%% of it%n", warmTwo.wallNanos / 1e9,
                (double) warmWall / warmTwo.wallNanos, 100.0 * warmTwo.evaluatingNanos / (2.0 * warmTwo.wallNanos));
    }

    private static Network network(ExperimentSpec e) {
        TrainingSpec t = e.training();
        return SpecCompiler.network(e.network(), SpecCompiler.precision(t), t.seed());
    }

    /**
     * A search's result, wall time, the time its evaluator ran (the sum of the calls) and the CPU time
     * of the thread that ran the search (evolution, scheduling, the summary lines and the outputs; not the
     * evaluations, which run on the pool, nor the journal lines they write).
     */
    private record Run(SearchResult result, long wallNanos, long evaluatingNanos, long searchThreadCpuNanos) {}

    private static Run search(SearchSpec spec, Path file, Path dir, int threads) throws IOException {
        TrainingEvaluator evaluator = TrainingEvaluator.of(spec, file);
        LongAdder evaluating = new LongAdder();
        CandidateEvaluator timed = (candidate, seed, rung, cancelled) -> {
            long t0 = System.nanoTime();
            try {
                return evaluator.evaluate(candidate, seed, rung, cancelled);
            } finally {
                evaluating.add(System.nanoTime() - t0);
            }
        };
        long start = System.nanoTime();
        long cpu = cpu();
        SearchResult result = Search.builder(spec).specFile(file).threads(threads).runDirectory(dir).evaluator(timed)
                .build().run();
        return new Run(result, System.nanoTime() - start, evaluating.sum(), cpu() - cpu);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static void row(String phase, long nanos, int n, long total) {
        System.out.printf(Locale.ROOT, "%-26s %14.2f %7.1f%%%n", phase, nanos / 1e6 / n, 100.0 * nanos / total);
    }
}
