package io.gradforge.bench;

import io.gradforge.core.tensor.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Population-level parallelism: trains N independent candidate networks (each its own {@link TrainingStep},
 * i.e. its own network, buffers and optimizer) for a fixed number of steps, on a fixed thread pool of 1 and of
 * T threads, and prints candidates/s for each and the speedup. Each candidate is single-threaded; the
 * parallelism is across candidates, as in the search's fitness evaluation.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.gradforge.bench.PopulationBench \
 *     [candidates=8] [steps=300] [threads=2] [depth=10] [width=64] [batch=64] [float32|float64]
 * }
 */
public final class PopulationBench {
    private PopulationBench() {}

    public static void main(String[] args) throws Exception {
        int candidates = arg(args, 0, 8);
        int steps = arg(args, 1, 300);
        int threads = arg(args, 2, 2);
        int depth = arg(args, 3, 10), width = arg(args, 4, 64), batch = arg(args, 5, 64);
        Precision precision = TrainingStep.precision(args.length > 6 ? args[6] : "float32");
        System.out.printf(Locale.ROOT, "population: %d candidates of %dx%dx%d %s tanh, %d SGD steps each; cores %d%n",
                candidates, depth, width, batch, precision, steps, Runtime.getRuntime().availableProcessors());
        // Warm-up on both pool sizes so the JIT has compiled the hot path before either is timed.
        run(candidates, steps, 1, depth, width, batch, precision);
        run(candidates, steps, threads, depth, width, batch, precision);
        // Alternate the pool sizes over several rounds and report the best and the median of each: on a machine
        // shared with other work, single rounds swing by 2x.
        int rounds = 7;
        double[] one = new double[rounds], many = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            one[r] = run(candidates, steps, 1, depth, width, batch, precision);
            many[r] = run(candidates, steps, threads, depth, width, batch, precision);
        }
        Arrays.sort(one);
        Arrays.sort(many);
        System.out.printf(Locale.ROOT, "1 thread:  %.2f candidates/s (best of %d; median %.2f)%n", one[rounds - 1], rounds, one[rounds / 2]);
        System.out.printf(Locale.ROOT, "%d threads: %.2f candidates/s (best of %d; median %.2f)%n", threads, many[rounds - 1], rounds,
                many[rounds / 2]);
        System.out.printf(Locale.ROOT, "speedup:   %.2fx best, %.2fx median%n", many[rounds - 1] / one[rounds - 1],
                many[rounds / 2] / one[rounds / 2]);
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    /** Candidates/s for one population on a pool of {@code threads}. */
    static double run(int candidates, int steps, int threads, int depth, int width, int batch, Precision precision)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Double>> results = new ArrayList<>();
            for (int c = 0; c < candidates; c++) {
                long seed = c;
                results.add(pool.submit(() -> {
                    TrainingStep t = new TrainingStep(depth, width, batch, "tanh", precision, seed, false);
                    double loss = 0;
                    for (int s = 0; s < steps; s++) loss = t.step();
                    return loss;
                }));
            }
            for (Future<Double> f : results) {
                double loss = f.get();
                if (!Double.isFinite(loss)) throw new IllegalStateException("a candidate diverged: " + loss);
            }
            return candidates / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
