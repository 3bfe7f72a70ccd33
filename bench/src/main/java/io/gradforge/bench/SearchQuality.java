package io.gradforge.bench;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.CandidateEvaluator;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import io.gradforge.search.Search;
import io.gradforge.search.SearchResult;
import io.gradforge.search.SearchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Replays search strategies on tabulated spaces ({@link SearchTable}) at fixed budgets of distinct evaluations and
 * writes one CSV line per run; {@code bench/search-quality/run} adds Optuna's samplers and the statistics.
 * Strategies:
 * <ul>
 *   <li>{@code gradforge}: the real {@link Search} on the table (its evaluator looks candidates up), seeded with the
 *       run's seed, {@code max_evaluations} = the budget, no time limit, no successive halving, one thread, the GA
 *       as the table's {@code search.yaml} (or {@code --search SPEC}) sets it. It may stop before the budget when
 *       its generations end: the {@code distinct} column says how many candidates it evaluated;</li>
 *   <li>{@code random}: the budget's worth of distinct candidates drawn uniformly without replacement (the first
 *       {@code budget} of a seeded shuffle, so a seed's smaller budgets are prefixes of its larger ones).</li>
 * </ul>
 * Per run: the hypervolume of the (convergence, health) scores of every evaluated candidate against the reference
 * point (0, 0) ({@link Hypervolume}), and the best convergence among candidates with health at least 0.9 (empty
 * when there is none). Scores are Gradforge's: {@code 1 - clamp(auc, 0, 1)} and {@code clamp(health, 0, 1)} for a
 * TRAINED candidate, 0 and 0 otherwise.
 *
 * {@snippet lang = "shell" :
 * java -cp bench/target/benchmarks.jar io.gradforge.bench.SearchQuality TABLE_DIR... \
 *     [--seeds 100 | --seeds 1-10] [--budgets 25,50,100,200] [--strategies gradforge,random] \
 *     [--search SPEC.yaml] [--scratch /dev/shm] [--out runs.csv]
 * }
 */
public final class SearchQuality {
    /** The CSV header; the Python peers write the same columns. */
    public static final String HEADER = "strategy,table,budget,seed,distinct,hypervolume,best_convergence,trials,note";
    /** The health a candidate needs for {@code best_convergence}. */
    public static final double HEALTHY = 0.9;

    private SearchQuality() {}

    /**
     * One replayed search.
     *
     * @param distinct        distinct candidates evaluated (at most the budget)
     * @param bestConvergence the best convergence among candidates with health >= {@link #HEALTHY}, NaN if none
     * @param trials          candidates proposed, repeats included (Gradforge: distinct + cache hits)
     * @param note            how the run ended (Gradforge: its stop reason and generations)
     */
    public record Run(String strategy, String table, int budget, long seed, int distinct, double hypervolume,
            double bestConvergence, long trials, String note) {
        String csv() {
            return String.join(",", strategy, table, Integer.toString(budget), Long.toString(seed),
                    Integer.toString(distinct), String.format(Locale.ROOT, "%.6f", hypervolume),
                    Double.isNaN(bestConvergence) ? "" : String.format(Locale.ROOT, "%.6f", bestConvergence),
                    Long.toString(trials), note);
        }
    }

    /** The command line, checked. */
    record Options(List<Path> tables, long firstSeed, long lastSeed, List<Integer> budgets, List<String> strategies,
            @Nullable Path search, Path scratch, @Nullable Path out) {}

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SearchQuality: " + e.getMessage());
            System.err.println("usage: SearchQuality TABLE_DIR... [--seeds N|A-B] [--budgets 25,50,100,200] "
                    + "[--strategies gradforge,random] [--search SPEC.yaml] [--scratch DIR] [--out FILE]");
            System.exit(2);
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Path dir : o.tables()) {
            SearchTable table = SearchTable.read(dir);
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            SearchSpec base = o.search() != null
                    ? table.align(Search.withAbsoluteData(SpecReader.readSearch(o.search()), o.search()))
                    : table.spec();
            List<double[]> distinct = distinctScores(table);
            for (String strategy : o.strategies()) {
                long t0 = System.nanoTime();
                int runs = 0;
                for (int budget : o.budgets()) {
                    for (long seed = o.firstSeed(); seed <= o.lastSeed(); seed++) {
                        Run r = strategy.equals("gradforge") ? gradforge(table, base, name, budget, seed, o.scratch())
                                : random(distinct, name, budget, seed);
                        lines.add(r.csv());
                        runs++;
                    }
                }
                System.err.printf(Locale.ROOT, "%s: %s, %d runs in %.1f s (%d distinct candidates)%n", name, strategy,
                        runs, (System.nanoTime() - t0) / 1e9, table.distinctCandidates());
            }
        }
        String text = String.join("\n", lines) + "\n";
        if (o.out() == null) {
            System.out.print(text);
        } else {
            Path tmp = o.out().resolveSibling(o.out().getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, o.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static Options parse(String[] args) {
        List<Path> tables = new ArrayList<>();
        long first = 1, last = 100;
        List<Integer> budgets = List.of(25, 50, 100, 200);
        List<String> strategies = List.of("gradforge", "random");
        Path search = null, out = null;
        Path scratch = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                tables.add(Path.of(a));
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--seeds" -> {
                    try {
                        int dash = v.indexOf('-');
                        first = dash < 0 ? 1 : Long.parseLong(v.substring(0, dash));
                        last = Long.parseLong(dash < 0 ? v : v.substring(dash + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seeds takes N (seeds 1..N) or A-B but was '" + v + "'");
                    }
                    if (first < 0 || last < first) {
                        throw new IllegalArgumentException("--seeds must be a non-empty range but was '" + v + "'");
                    }
                }
                case "--budgets" -> {
                    try {
                        budgets = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--budgets takes a list like 25,50 but was '" + v + "'");
                    }
                    if (budgets.stream().anyMatch(b -> b < 1)) {
                        throw new IllegalArgumentException("budgets must be positive but were '" + v + "'");
                    }
                }
                case "--strategies" -> {
                    strategies = Arrays.stream(v.split(",")).map(String::trim).toList();
                    for (String s : strategies) {
                        if (!s.equals("gradforge") && !s.equals("random")) {
                            throw new IllegalArgumentException("unknown strategy '" + s
                                    + "'; accepted: gradforge, random (the Optuna peers run in Python)");
                        }
                    }
                }
                case "--search" -> search = Path.of(v);
                case "--scratch" -> scratch = Path.of(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (tables.isEmpty()) throw new IllegalArgumentException("give at least one table directory");
        return new Options(tables, first, last, budgets, strategies, search, scratch, out);
    }

    /** Gradforge's scores of {@code outcome}: (convergence, health), both 0 unless it trained. */
    static double[] scores(Outcome outcome) {
        if (outcome.status() != EvaluationStatus.TRAINED) return new double[2];
        return new double[] {clamp01(1 - outcome.auc()), clamp01(outcome.health())};
    }

    private static double clamp01(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    /** The metrics of the evaluated {@code points} ((convergence, health) each). */
    static Run run(String strategy, String table, int budget, long seed, List<double[]> points, long trials,
            String note) {
        double best = Double.NaN;
        for (double[] p : points) {
            if (p[1] >= HEALTHY && !(p[0] <= best)) best = p[0];
        }
        return new Run(strategy, table, budget, seed, points.size(), Hypervolume.of(points), best, trials, note);
    }

    /** Random sampling: the first {@code budget} distinct candidates of a shuffle seeded with {@code seed}. */
    static Run random(List<double[]> distinct, String name, int budget, long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int n = Math.min(budget, distinct.size());
        int[] order = new int[distinct.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        List<double[]> drawn = new ArrayList<>(n);
        for (int i = 0; i < n; i++) { // a partial Fisher-Yates shuffle
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            drawn.add(distinct.get(order[i]));
        }
        return run("random", name, budget, seed, drawn, n, "");
    }

    /** The scores of each distinct candidate, in table order of first appearance. */
    static List<double[]> distinctScores(SearchTable table) {
        Set<String> seen = new HashSet<>();
        List<double[]> out = new ArrayList<>();
        for (SearchTable.Row row : table.rows()) {
            if (seen.add(row.candidate().canonical())) out.add(scores(row.outcome()));
        }
        return out;
    }

    /** Gradforge's {@link Search} on the table, in a scratch run directory deleted afterwards. */
    static Run gradforge(SearchTable table, SearchSpec base, String name, int budget, long seed, Path scratch)
            throws IOException {
        SearchSpec spec = base.withSeed(seed)
                .withBudget(new BudgetSpec(budget, null, base.budget().screenAtInit(), false))
                .withParallelism(1);
        CandidateEvaluator evaluator = table.evaluator();
        Path dir = Files.createTempDirectory(scratch, "gradforge-search-quality-");
        try {
            SearchResult result = Search.builder(spec).evaluator(evaluator).runDirectory(dir).threads(1).build()
                    .run();
            Set<String> seen = new HashSet<>();
            List<double[]> points = new ArrayList<>();
            for (Evaluation e : result.evaluations()) {
                if (e.rung() == 0 && seen.add(e.candidate().canonical())) points.add(scores(e.outcome()));
            }
            return run("gradforge", name, budget, seed, points, points.size() + result.cacheHits(),
                    result.stop().name().toLowerCase(Locale.ROOT) + " after " + result.generations() + " generations");
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
