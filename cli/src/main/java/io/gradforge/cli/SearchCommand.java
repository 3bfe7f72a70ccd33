package io.gradforge.cli;

import io.gradforge.cli.report.RunRecord;
import io.gradforge.cli.report.SearchReport;
import io.gradforge.cluster.ClusterEvaluator;
import io.gradforge.cluster.ClusterException;
import io.gradforge.cluster.ClusterSettings;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.run.OutputFiles;
import io.gradforge.search.CandidateTraits;
import io.gradforge.search.Evaluation;
import io.gradforge.search.Search;
import io.gradforge.search.Objectives;
import io.gradforge.search.RunDirectory;
import io.gradforge.search.SearchListener;
import io.gradforge.search.SearchResult;
import io.gradforge.search.SearchTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Run a genetic architecture search: candidates are screened at init, trained briefly and "
                + "scored on convergence and gradient health.",
                "Writes a run directory: search.yaml, journal.jsonl, best.yaml, front.csv, evaluations.csv, "
                + "curves.csv, "
                + "summary.json, report.html. A killed or interrupted search continues with --resume RUN_DIR."},
        footer = {"", "Examples:", "  gradforge search specs/quickstart.yaml",
                "  gradforge search specs/quickstart.yaml --out runs/qs --threads 2 --seed 7",
                "  gradforge search --resume runs/qs",
                "  gradforge search specs/quickstart.yaml --cluster 10.0.0.5:5701   (see worker)",
                "  gradforge search --table tables/quickstart --seed 3   (replays a table)"})
final class SearchCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "A search spec (YAML); optional with --resume.")
    @Nullable Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<name>-<timestamp>).")
    @Nullable Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted run: journaled evaluations are reused, never redone.")
    @Nullable Path resume;

    @Option(names = "--threads", paramLabel = "N",
            description = "Evaluation threads (default: the spec's parallelism).")
    @Nullable Integer threads;

    @Option(names = "--seed", paramLabel = "N", description = "Override the spec's seed.")
    @Nullable Long seed;

    @Option(names = "--table", paramLabel = "TABLE_DIR",
            description = "Look candidates up in a table made by 'gradforge tabulate' instead of training them "
                    + "(SPEC is optional: the table's own search.yaml).")
    @Nullable Path table;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
            description = "Evaluate on the workers of a Hazelcast cluster (started with 'gradforge worker'), "
                    + "reached through these members; evolution, journal and outputs stay here. Same seed, same "
                    + "results as a local search.")
    List<String> cluster = new ArrayList<>();

    @Mixin
    ClusterOptions clusterOptions = new ClusterOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        Search.Builder builder = builder();
        if (cluster.isEmpty()) {
            if (clusterOptions.name != null || clusterOptions.secret != null) {
                throw Failures.badInput("--cluster-name and --secret go with --cluster HOST:PORT");
            }
            return execute("search", builder, threads, common, command, null, search -> headline(search,
                    search.threads() + " thread" + (search.threads() == 1 ? "" : "s")));
        }
        if (table != null) throw Failures.badInput("--table looks candidates up here; it does not take --cluster");
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw Failures.badInput("--threads must be in [1, 1024] but was " + threads + ".");
        }
        ClusterSettings settings = clusterOptions.settings(cluster, null, null, common.verbose);
        PrintWriter err = command.commandLine().getErr();
        ClusterEvaluator evaluator;
        try {
            evaluator = ClusterEvaluator.connect(settings, builder.build().spec(), CONNECT_MILLIS, err);
        } catch (ClusterException e) {
            throw Failures.badInput(e.getMessage());
        }
        try (evaluator) {
            // each driver thread only waits for one worker's result; the workers' threads are the parallelism
            builder.evaluator(evaluator).threads(threads != null ? threads : ClusterEvaluator.IN_FLIGHT)
                    .cancellation(() -> evaluator.lost() != null);
            String where = "the cluster at " + String.join(",", cluster);
            return execute("search", builder, null, common, command, where, search -> headline(search, where + " ("
                    + evaluator.workers() + " worker" + (evaluator.workers() == 1 ? "" : "s") + ", "
                    + evaluator.workerThreads() + " thread" + (evaluator.workerThreads() == 1 ? "" : "s") + " now)"));
        }
    }

    /** How long a driver tries to reach the cluster, at the start and after losing it. */
    static final long CONNECT_MILLIS = 30_000;

    private String headline(Search search, String where) {
        SearchSpec spec = search.spec();
        return (resume != null ? "resuming " : "searching ") + spec.name() + (table != null ? " on table "
                + table : "") + ": " + plan(spec) + " on " + where + ", seed " + spec.seed() + " -> "
                + search.runDirectory();
    }

    /**
     * "population 12 (auto), up to 150 distinct evaluations" (and the generation cap, if any, with the budget when
     * the cap leaves some of it unspent): the same number the progress shows as its total.
     */
    static String plan(SearchSpec spec) {
        var ga = spec.ga();
        long budget = spec.budget().maxEvaluations();
        long planned = Search.plannedEvaluations(spec);
        return "population " + ga.populationFor(budget) + (ga.population() == GaSpec.AUTO ? " (auto)" : "")
                + ", up to " + planned + " distinct evaluations"
                + (ga.generations() == GaSpec.AUTO ? "" : " in at most " + ga.generations() + " generations")
                + (planned < budget ? " (budget " + budget + ")" : "");
    }

    /**
     * Runs {@code builder}'s search with a progress display and Ctrl-C handling, writes the report and prints the
     * result; shared by {@code search} and {@code tabulate}.
     */
    static int execute(String verb, Search.Builder builder, @Nullable Integer threads, CommonOptions common,
            picocli.CommandLine.Model.CommandSpec command, @Nullable String cluster, Function<Search, String> headline)
            throws IOException {
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (threads != null) {
            try {
                builder.threads(threads);
            } catch (IllegalArgumentException e) {
                throw Failures.badInput("--threads: " + e.getMessage());
            }
        }
        SearchSpec spec = builder.build().spec();
        boolean terminal = !common.quiet && !common.json && Terminal.isInteractive();
        SearchProgress progress = new SearchProgress(err, terminal, common.verbose && !common.quiet,
                spec.ga().generations(), Objectives.of(spec.objectives()).names());
        Search search = builder.listener(common.quiet ? SearchListener.NONE : progress).build();
        Failures.checkOutput(search.runDirectory(), "run directory"); // before the work, not after it
        // on a cluster the workers train; this process only waits for their results
        if (cluster == null) MemoryUse.checkSearch(search.spec(), search.threads(), Runtime.getRuntime().maxMemory());
        // shown when the search has taken its run directory: a refused search prints only why
        if (!common.quiet && !common.json) progress.headline(headline.apply(search));
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: let running evaluations finish and be journaled; if that takes over 20 s, abandon them (a resumed
        // run redoes them) so the outputs are still written before the JVM exits.
        Thread hook = new Thread(() -> {
            search.cancel();
            try {
                if (!finished.await(20, TimeUnit.SECONDS)) {
                    search.cancelNow();
                    finished.await(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gradforge-search-interrupt");
        Interrupts.add(hook);
        SearchResult result;
        MemoryUse.during((verb.equals("search") ? "searching " : "tabulating ") + spec.name() + " on "
                + (cluster != null ? cluster + " (this process journals the workers' results)" : search.threads()
                + " thread" + (search.threads() == 1 ? "" : "s") + " (each trains one candidate at a time)"));
        try {
            result = search.run();
        } catch (OutputFiles.OutputException e) {
            throw Failures.runFailed(e.getMessage() + "; every evaluation so far is in the journal: free space, then"
                    + " gradforge " + verb + " --resume " + search.runDirectory());
        } finally {
            progress.close();
            // after Ctrl-C the hook is waiting for us: the resume hint below is printed before it lets the JVM go
            Interrupts.remove(hook);
        }
        try {
            Path reportFile = writeReport(result, err);
            boolean linked = linkLatest(RUNS, result.runDirectory(), err);
            return report(verb, result, reportFile, linked, common, stdout, err);
        } finally {
            finished.countDown();
        }
    }

    private Search.Builder builder() throws IOException {
        if (resume != null) {
            if (out != null) throw Failures.badInput("--out and --resume exclude each other; --resume names the run");
            Search.Builder b = Search.resume(resume);
            SearchSpec stored = b.build().spec();
            if (seed != null && seed != stored.seed()) {
                throw Failures.badInput("--seed " + seed + " differs from the seed " + stored.seed()
                        + " the run in " + resume + " started with; a resumed run keeps its seed");
            }
            if (specFile != null) {
                // the run's seed wins: a spec file's seed may have been overridden by --seed when the run started
                SearchSpec given = Search.withAbsoluteData(SpecReader.readSearch(specFile), specFile);
                String difference = RunDirectory.difference(stored, given.withSeed(stored.seed()));
                if (difference != null) {
                    throw Failures.badInput(specFile + " differs from " + resume.resolve(RunDirectory.SPEC)
                            + ", the spec the run started with: " + difference + "; resume with --resume " + resume
                            + " alone, or start a new run with the changed spec and another --out");
                }
                if (given.seed() != stored.seed() && !common.quiet) {
                    command.commandLine().getErr().println("gradforge: note: " + specFile + " says seed "
                            + given.seed() + "; the run keeps the seed it started with, " + stored.seed());
                }
            }
            return b;
        }
        if (table != null) return tableBuilder(table);
        if (specFile == null) {
            throw Failures.badInput(
                    "give a search spec (gradforge search SPEC) or a run to continue (--resume RUN_DIR)");
        }
        SearchSpec spec = SpecReader.readSearch(specFile);
        if (seed != null) spec = spec.withSeed(seed);
        Search.Builder b = Search.builder(spec).specFile(specFile);
        if (out != null) b.runDirectory(out);
        return b;
    }

    /** A search of {@code dir}'s table: the given spec (or the table's own) with candidates looked up. */
    private Search.Builder tableBuilder(Path dir) throws IOException {
        SearchTable t = SearchTable.read(dir);
        SearchSpec spec = t.spec();
        if (specFile != null) {
            SearchSpec given = Search.withAbsoluteData(SpecReader.readSearch(specFile), specFile);
            String mismatch = t.mismatch(given);
            if (mismatch != null) {
                throw Failures.badInput(specFile + " cannot search table " + dir + ": " + mismatch + " ("
                        + dir.resolve(RunDirectory.SPEC) + "); give that file, or no SPEC, to search the table");
            }
            spec = t.align(given);
        }
        if (seed != null) spec = spec.withSeed(seed);
        Search.Builder b = Search.builder(spec).evaluator(t.evaluator());
        if (out != null) b.runDirectory(out);
        return b;
    }

    /** The run directories' default parent, where {@code runs/latest} names the last run. */
    static final Path RUNS = Path.of("runs");
    static final String LATEST = "latest";

    /**
     * Points {@code runs/latest} at {@code dir} when it is in {@code runs/} ({@code parent}, the default place), so that
     * {@code gradforge train runs/latest/best.yaml} always trains the last search's best. The link is replaced
     * atomically; a file system without symbolic links gets none (a warning, never a lost search).
     */
    static boolean linkLatest(Path parent, Path dir, PrintWriter err) {
        Path runs = parent.toAbsolutePath().normalize();
        Path absolute = dir.toAbsolutePath().normalize();
        if (!runs.equals(absolute.getParent())) return false;
        Path link = runs.resolve(LATEST);
        Path tmp = runs.resolve(LATEST + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) return false; // the user's
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, absolute.getFileName());
            Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            err.println("gradforge: warning: " + link + " not updated (" + e.getMessage() + ")");
            err.flush();
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the warning above says enough
            }
        }
    }

    /** Writes report.html; a report that cannot be written is a warning, never a lost search. */
    private static @Nullable Path writeReport(SearchResult result, PrintWriter err) {
        try {
            return SearchReport.write(RunRecord.read(result.runDirectory()));
        } catch (IOException | RuntimeException e) {
            err.println("gradforge: warning: report.html not written (" + e.getMessage() + "); retry with: "
                    + "gradforge report " + result.runDirectory());
            err.flush();
            return null;
        }
    }

    private static int report(String verb, SearchResult r, @Nullable Path reportFile, boolean linked, CommonOptions common,
            PrintWriter stdout,
            PrintWriter err) {
        Evaluation best = r.best();
        String dir = r.runDirectory().toString();
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_directory", dir);
            m.put("report", reportFile == null ? null : reportFile.toString());
            m.put("stop", r.stop().name().toLowerCase(Locale.ROOT));
            m.put("evaluations", r.evaluations().size());
            m.put("executed", r.executed());
            m.put("replayed", r.replayed());
            m.put("cache_hits", r.cacheHits());
            m.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
            m.put("best", best == null ? null : json(best, r.objectives()));
            List<Object> front = new ArrayList<>();
            r.front().forEach(e -> front.add(json(e, r.objectives())));
            m.put("front", front);
            Json.print(stdout, m);
        } else {
            if (!r.front().isEmpty()) {
                stdout.println();
                stdout.println("Pareto front (" + r.front().size() + " of " + r.evaluations().size()
                        + " evaluations; * = best by weighted score):");
                stdout.print(SearchProgress.table(r.front(), best, r.objectives()));
            }
            stdout.println();
            stdout.println(String.format(Locale.ROOT,
                    "%s after %d evaluations (%d run, %d from journal, %d cache hits) "
                    + "in %.1fs", verb.equals("tabulate") && r.stop() == SearchResult.StopReason.GENERATIONS
                            ? "tabulated every candidate" : stopText(r.stop()), r.evaluations().size(), r.executed(), r.replayed(), r.cacheHits(),
                    r.elapsed().toMillis() / 1000.0));
            stdout.println("results: " + dir + "/ (" + (reportFile != null ? "report.html, " : "")
                    + (best != null ? "best.yaml, " : "") + "front.csv, evaluations.csv, curves.csv, summary.json)");
            if (best != null) stdout.println("train the best: gradforge train " + dir + "/best.yaml");
            if (linked && best != null) {
                stdout.println("  or, the same: gradforge train " + RUNS.resolve(LATEST) + "/best.yaml (" + RUNS.resolve(LATEST)
                        + " is the last search's run directory)");
            }
            stdout.flush();
        }
        if (r.stop() == SearchResult.StopReason.CANCELLED) {
            err.println("gradforge: " + verb + " interrupted; every finished evaluation is journaled. Continue "
                    + "with: gradforge " + verb + " --resume " + dir);
            err.flush();
        }
        if (best == null) {
            if (r.stop() == SearchResult.StopReason.CANCELLED) return Failures.RUN_FAILED;
            throw Failures.runFailed("no candidate trained (all were screened out, diverged or failed); see "
                    + dir + "/evaluations.csv for the reasons");
        }
        return 0;
    }

    private static String stopText(SearchResult.StopReason stop) {
        return switch (stop) {
            case GENERATIONS -> "finished all generations";
            case MAX_EVALUATIONS -> "stopped at max_evaluations";
            case MAX_TIME -> "stopped at max_time";
            case CANCELLED -> "interrupted";
            case EXHAUSTED -> "stopped: no new candidate left in the space";
        };
    }

    private static Map<String, Object> json(Evaluation e, List<String> objectives) {
        CandidateTraits t = CandidateTraits.of(e.candidate());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", e.candidate().experiment().name());
        m.put("depth", t.depth());
        m.put("widths", t.widths());
        m.put("activations", t.activations());
        m.put("inits", t.inits());
        m.put("skip", t.skip());
        m.put("normalization", t.normalization());
        m.put("clipping", t.clipping());
        if (t.recurrent()) m.put("truncation", t.truncation());
        m.put("learning_rate", t.learningRate());
        for (int i = 0; i < objectives.size(); i++) m.put(objectives.get(i), e.objective(i));
        m.put("auc", Double.isFinite(e.outcome().auc()) ? e.outcome().auc() : null);
        m.put("health", Double.isFinite(e.outcome().health()) ? e.outcome().health() : null);
        m.put("flags", e.outcome().flags());
        m.put("parameters", e.outcome().parameters());
        m.put("seed", e.seed());
        return m;
    }
}
