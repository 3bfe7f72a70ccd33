package io.gradforge.bench;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.ArchitectureCodec;
import io.gradforge.search.Candidate;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import io.gradforge.search.Search;
import io.gradforge.search.TrainingEvaluator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Whether a search may evaluate in float32: a fixed set of candidates (uniform random keys of the spec's space,
 * seeded) is evaluated by {@link TrainingEvaluator} in float64 and in float32, same candidate, same seed, and the
 * verdicts are compared: status (trained, screened out, diverged), health flags, health score, loss AUC, the
 * rank correlation of both objectives and the Pareto front of the set. Prints the thread CPU time per evaluation
 * of each precision too (after a warm-up pass over the first candidates in both).
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.gradforge.bench.PrecisionVerdicts \
 *     specs/quickstart.yaml [--candidates 200] [--seed 1]
 * }
 */
public final class PrecisionVerdicts {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WARM_UP = 10;

    private PrecisionVerdicts() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PrecisionVerdicts SPEC.yaml [--candidates N] [--seed S]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int n = 200;
        long seed = 1;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--candidates" -> n = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("PrecisionVerdicts: unknown option " + args[i]
                            + " (accepted: --candidates N, --seed S)");
                    System.exit(2);
                }
            }
        }
        SearchSpec spec = Search.withAbsoluteData(SpecReader.readSearch(file), file);
        SearchSpec spec64 = spec.withTraining(spec.training().withPrecision(FloatPrecision.FLOAT64));
        SearchSpec spec32 = spec.withTraining(spec.training().withPrecision(FloatPrecision.FLOAT32));
        ArchitectureCodec codec64 = ArchitectureCodec.of(spec64), codec32 = ArchitectureCodec.of(spec32);
        TrainingEvaluator eval64 = TrainingEvaluator.of(spec64, file), eval32 = TrainingEvaluator.of(spec32, file);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] keys = new double[n][codec64.length()];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < keys[i].length; g++) keys[i][g] = rng.nextDouble();
            seeds[i] = rng.nextLong();
        }
        for (int i = 0; i < Math.min(WARM_UP, n); i++) {
            eval64.evaluate(codec64.decode(keys[i]), seeds[i], 0, () -> false);
            eval32.evaluate(codec32.decode(keys[i]), seeds[i], 0, () -> false);
        }
        Outcome[] a = new Outcome[n], b = new Outcome[n];
        long cpu64 = 0, cpu32 = 0;
        for (int i = 0; i < n; i++) {
            Candidate c64 = codec64.decode(keys[i]), c32 = codec32.decode(keys[i]);
            long t0 = cpu();
            a[i] = eval64.evaluate(c64, seeds[i], 0, () -> false);
            long t1 = cpu();
            b[i] = eval32.evaluate(c32, seeds[i], 0, () -> false);
            cpu64 += t1 - t0;
            cpu32 += cpu() - t1;
        }
        int sameStatus = 0, sameFlags = 0, bothTrained = 0;
        double[] dHealth = new double[n], dAuc = new double[n];
        double[] conv64 = new double[n], conv32 = new double[n], health64 = new double[n], health32 = new double[n];
        for (int i = 0; i < n; i++) {
            if (a[i].status() == b[i].status()) sameStatus++;
            if (new HashSet<>(a[i].flags()).equals(new HashSet<>(b[i].flags()))) sameFlags++;
            conv64[i] = convergence(a[i]);
            conv32[i] = convergence(b[i]);
            health64[i] = health(a[i]);
            health32[i] = health(b[i]);
            if (a[i].status() == EvaluationStatus.TRAINED && b[i].status() == EvaluationStatus.TRAINED) {
                dHealth[bothTrained] = Math.abs(a[i].health() - b[i].health());
                dAuc[bothTrained] = Math.abs(a[i].auc() - b[i].auc());
                bothTrained++;
            } else if (a[i].status() != b[i].status()) {
                System.out.printf(Locale.ROOT, "status differs: %s: float64 %s (%s), float32 %s (%s)%n",
                        codec64.decode(keys[i]).id(), a[i].status(), a[i].reason(), b[i].status(), b[i].reason());
            }
        }
        for (int i = 0; i < n; i++) {
            if (!new HashSet<>(a[i].flags()).equals(new HashSet<>(b[i].flags()))) {
                System.out.printf(Locale.ROOT, "flags differ: %s: float64 %s, float32 %s%n",
                        codec64.decode(keys[i]).id(), a[i].flags(), b[i].flags());
            }
        }
        Set<Integer> front64 = front(conv64, health64), front32 = front(conv32, health32);
        Set<Integer> common = new HashSet<>(front64);
        common.retainAll(front32);
        System.out.printf(Locale.ROOT, "%s: %d candidates (seed %d), float64 against float32%n", spec.name(), n, seed);
        System.out.printf(Locale.ROOT, "same status %d/%d, same flags %d/%d, trained in both %d%n",
                sameStatus, n, sameFlags, n, bothTrained);
        System.out.printf(Locale.ROOT, "|health difference|: median %.2g, 95th percentile %.2g, max %.2g%n",
                quantile(dHealth, bothTrained, 0.5), quantile(dHealth, bothTrained, 0.95), quantile(dHealth, bothTrained, 1));
        System.out.printf(Locale.ROOT, "|auc difference|: median %.2g, 95th percentile %.2g, max %.2g%n",
                quantile(dAuc, bothTrained, 0.5), quantile(dAuc, bothTrained, 0.95), quantile(dAuc, bothTrained, 1));
        System.out.printf(Locale.ROOT, "Spearman rank correlation: convergence %.4f, health %.4f%n",
                spearman(conv64, conv32), spearman(health64, health32));
        System.out.printf(Locale.ROOT, "Pareto front of the set: float64 %d, float32 %d, in both %d%n",
                front64.size(), front32.size(), common.size());
        System.out.printf(Locale.ROOT, "thread CPU per evaluation: float64 %.1f ms, float32 %.1f ms (%.2fx)%n",
                cpu64 / 1e6 / n, cpu32 / 1e6 / n, (double) cpu64 / cpu32);
    }

    /** Gradforge's scores (as SearchQuality): 1 - clamp(auc) and clamp(health) when trained, else 0. */
    private static double convergence(Outcome o) {
        return o.status() == EvaluationStatus.TRAINED && Double.isFinite(o.auc()) ? clamp(1 - o.auc()) : 0;
    }

    private static double health(Outcome o) {
        return o.status() == EvaluationStatus.TRAINED && Double.isFinite(o.health()) ? clamp(o.health()) : 0;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static Set<Integer> front(double[] x, double[] y) {
        Set<Integer> front = new HashSet<>();
        for (int i = 0; i < x.length; i++) {
            boolean dominated = false;
            for (int j = 0; j < x.length && !dominated; j++) {
                dominated = x[j] >= x[i] && y[j] >= y[i] && (x[j] > x[i] || y[j] > y[i]);
            }
            if (!dominated) front.add(i);
        }
        return front;
    }

    private static double quantile(double[] v, int n, double q) {
        if (n == 0) return Double.NaN;
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return s[(int) Math.min(n - 1, Math.floor(q * n))];
    }

    private static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x), ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(0), my = Arrays.stream(ry).average().orElse(0);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Average ranks (ties share their mean rank). */
    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return r;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
