package io.gradforge.search;

import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.FileData;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.Provenance;
import io.gradforge.run.SpecCompiler;
import io.jenetics.Alterer;
import io.jenetics.DoubleGene;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.Selector;
import io.jenetics.UniformCrossover;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/**
 * A genetic architecture search: Jenetics evolves random-key genotypes ({@link ArchitectureCodec}) on one thread
 * while a pool evaluates each generation's distinct candidates in parallel; every evaluation is journaled in
 * the run directory before it counts, so a killed search resumes to the same result.
 *
 * {@snippet :
 * SearchSpec spec = SpecReader.readSearch(Path.of("specs/quickstart.yaml"));
 * SearchResult result = Search.builder(spec)
 *         .threads(2)
 *         .listener(new SearchListener() {
 *             public void onGeneration(GenerationSummary g) { System.out.println(g); }
 *         })
 *         .runDirectory(Path.of("runs/quickstart"))
 *         .build()
 *         .run();
 * result.bestEvaluation().ifPresent(b -> System.out.println(b.candidate().experiment().name()));
 *
 * SearchResult resumed = Search.resume(Path.of("runs/quickstart")).build().run(); // after a kill
 * }
 *
 * <p>Determinism: the evolution's random numbers come from the spec's seed alone; a candidate's training seed is
 * {@link Candidate#seed(long, String)} of the run seed and its canonical spec. So the same spec and seed give
 * the same journal entries, best and front on 1, 2 or N threads, and a resumed run replays the journal in place
 * of the evaluations it holds. Only {@code max_time} depends on the clock.
 *
 * @implNote Immutable configuration; {@link #run()} may be called from one thread at a time. {@link #cancel()} and
 *     {@link #cancelNow()} are thread-safe: no new evaluation starts, running ones finish and are journaled (or,
 *     with cancelNow, are abandoned), outputs are written.
 */
public final class Search {
    /** Generations in a row without a new candidate after which the space counts as exhausted. */
    static final int EXHAUSTED_AFTER = 5;
    /** Generations of children evaluated at once (the pipeline's depth); the result does not depend on threads. */
    static final int IN_FLIGHT = 2;
    /** Candidates per journaled batch of a tabulation. */
    private static final int TABLE_BATCH = 64;

    private final SearchSpec spec;
    private final int threads;
    private final SearchListener listener;
    private final Path runDirectory;
    private final boolean resume;
    private final boolean tabulate;
    private final @Nullable CandidateEvaluator evaluator;
    private final @Nullable Path specFile;
    private final BooleanSupplier externalCancel;
    private final String version;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean abandoned = new AtomicBoolean();

    private Search(Builder b) {
        this.spec = withAbsoluteData(b.spec, b.specFile);
        this.threads = b.threads;
        this.listener = b.listener;
        this.runDirectory = b.runDirectory != null ? b.runDirectory : Path.of("runs", spec.name() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        this.resume = b.resume;
        this.tabulate = b.tabulate;
        this.evaluator = b.evaluator;
        this.specFile = b.specFile;
        this.externalCancel = b.cancelled;
        this.version = b.version;
    }

    /**
     * {@code spec} with relative data paths (CSV, IDX, NPY) resolved against the spec file, so that
     * {@code search.yaml}, {@code best.yaml} and a resumed run find the data from any working directory.
     */
    public static SearchSpec withAbsoluteData(SearchSpec spec, @Nullable Path specFile) {
        TrainingSpec t = spec.training();
        if (!(t.data() instanceof FileData files) || specFile == null) return spec;
        FileData absolute = files.withPathsResolvedAgainst(specFile);
        return absolute.equals(files) ? spec : spec.withTraining(t.withData(absolute));
    }

    public static Builder builder(SearchSpec spec) {
        return new Builder(spec);
    }

    /**
     * A builder that continues the interrupted run in {@code runDirectory}: its {@code search.yaml} is the spec,
     * its journal supplies every evaluation it holds.
     */
    public static Builder resume(Path runDirectory) throws IOException {
        Builder b = new Builder(RunDirectory.spec(runDirectory));
        b.runDirectory = runDirectory;
        b.resume = true;
        return b;
    }

    public SearchSpec spec() {
        return spec;
    }

    /**
     * The most distinct evaluations a search of {@code spec} runs: its budget, or fewer when a generation cap ends
     * the search first ({@link GaSpec#offspringFor} new candidates each generation). Progress displays count to it.
     */
    public static long plannedEvaluations(SearchSpec spec) {
        var ga = spec.ga();
        long planned = spec.budget().maxEvaluations();
        if (ga.generations() != GaSpec.AUTO) {
            int population = ga.populationFor(planned);
            planned = Math.min(planned, population + (long) ga.generations() * ga.offspringFor(population));
        }
        return planned;
    }

    public int threads() {
        return threads;
    }

    /** Asks the running search to stop: no new evaluation starts; the run ends with its outputs written. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Stops now: as {@link #cancel()}, and running trainings are abandoned too; they are not journaled, so a
     * resumed run redoes them. For when waiting for the current evaluations takes too long.
     */
    public void cancelNow() {
        abandoned.set(true);
        cancelled.set(true);
    }

    boolean abandoned() {
        return abandoned.get();
    }

    boolean cancelled() {
        return cancelled.get() || externalCancel.getAsBoolean();
    }

    /**
     * The run directory {@link #run()} writes: the configured one, or {@code runs/<name>-<UTC timestamp>} (the
     * time {@link Builder#build()} was called).
     */
    public Path runDirectory() {
        return runDirectory;
    }

    /**
     * Runs the search to its budget, or until cancelled, and writes the outputs ({@code best.yaml},
     * {@code front.csv}, {@code evaluations.csv}, {@code summary.json}) in the run directory.
     *
     * @throws RunDirectoryException if another search holds the run directory, a new run's directory holds a
     *     journal already, or a resumed run's journal or summary is damaged
     * @throws IOException if the run directory cannot be written
     */
    public SearchResult run() throws IOException {
        Path dir = runDirectory();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir, "is a file; a run directory must be a directory (give another)");
        }
        Files.createDirectories(dir);
        try (RunDirectory.Lock lock = RunDirectory.lock(dir)) {
            return run(dir);
        }
    }

    private SearchResult run(Path dir) throws IOException {
        // a wrong data path is named now, not as the failure of every candidate
        if (evaluator == null) SpecCompiler.checkDataFiles(spec.training().data(), specFile);
        Path journalFile = dir.resolve(RunDirectory.JOURNAL);
        Journal.Replay replay;
        Map<String, Object> previous = null;
        if (resume) {
            replay = JournalReader.replay(journalFile);
            previous = RunSummary.load(dir.resolve(RunDirectory.SUMMARY));
        } else {
            if (Files.exists(journalFile) && Files.size(journalFile) > 0) {
                throw new RunDirectoryException(dir, "holds the journal of another run already; continue it with "
                        + "--resume " + dir + ", or give another directory");
            }
            OutputFiles.write(dir.resolve(RunDirectory.SPEC), RunDirectory.yaml(spec, dir, specFile));
            replay = Journal.Replay.empty();
        }
        CandidateEvaluator eval = evaluator != null ? evaluator : TrainingEvaluator.of(spec, specFile);
        Instant started = Instant.now();
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gradforge-eval-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (Journal journal = Journal.append(journalFile)) {
            // a tabulation evaluates every candidate: the spec's budget is for searches of the table
            SearchSpec runSpec = tabulate ? spec.withBudget(new BudgetSpec(Rules.MAX_EVALUATIONS.max(), null,
                    spec.budget().screenAtInit(), false)) : spec;
            RunState state = new RunState(this, runSpec, eval, pool, journal, replay, listener);
            if (tabulate) {
                tabulate(state);
            } else {
                listener.onStart(state.plannedEvaluations());
                evolve(FitnessMode.of(spec.objectives(), state.objectives(), spec.ga()), state);
            }
            SearchResult result = state.result(dir);
            RunOutputs.write(result, spec, specFile, previous, started, Instant.now(), threads, version);
            if (tabulate && result.stop() != SearchResult.StopReason.CANCELLED
                    && result.stop() != SearchResult.StopReason.MAX_TIME) {
                SearchTable.write(dir, spec, result);
            }
            return result;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Evaluates every distinct candidate of the finite space once, in table order, a batch at a time. */
    private void tabulate(RunState state) {
        List<Candidate> distinct = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SearchTable.Cell cell : SearchTable.enumerate(spec)) {
            if (seen.add(cell.candidate().canonical())) distinct.add(cell.candidate());
        }
        listener.onStart(distinct.size());
        int batch = Math.max(TABLE_BATCH, 4 * threads);
        for (int from = 0; from < distinct.size() && state.stopReason() == null; from += batch) {
            state.evaluateBatch(distinct.subList(from, Math.min(distinct.size(), from + batch)));
        }
    }

    /**
     * The genetic search: a (mu + lambda) loop on Jenetics' operators, with the generations pipelined. The first
     * generation is a Latin hypercube over the genes ({@link StratifiedStart}); then each generation breeds a
     * quarter of the population ({@link GaSpec#offspringFor}), parents chosen by tournament, children by uniform
     * crossover and {@link DistinctMutator}, which makes every child a candidate not submitted before and keeps, of
     * {@code proposals} children, the one the {@link Surrogate} model of all evaluations so far expects most to be
     * good; the children replace the population's worst by truncation (Pareto rank and crowding, or weighted score;
     * at least {@code elitism} survive).
     *
     * <p>Pipelined: the children of generation g + 1 are bred, and their evaluations start, while generation g's
     * are still running, from the last population whose evaluations are all in (generation g - 1's), so up to
     * {@value #IN_FLIGHT} generations of children are evaluated at once and no thread waits at the end of each.
     * When generation g's results are in, the population becomes generation g - 1's survivors plus g's children, and
     * the model learns g's results. Generations of a quarter of the population, two at once, searched as well per
     * evaluation as generations of half the population one at a time (bench/search-quality, bench/README.md).
     * Which population a batch is bred from depends on the batch's number alone, never on which evaluations happen
     * to have finished, so the result is the same on any number of threads or workers. Generations run until the
     * budget of distinct evaluations is spent, the generation cap (if any) is reached, or {@value #EXHAUSTED_AFTER}
     * generations in a row find nothing new.
     */
    private <C extends Comparable<? super C>> void evolve(FitnessMode<C> mode, RunState state) {
        var ga = spec.ga();
        ArchitectureCodec codec = state.codec();
        int size = ga.populationFor(spec.budget().maxEvaluations());
        int offspring = ga.offspringFor(size);
        int survivors = size - offspring;
        Surrogate model = new Surrogate(codec);
        Selector<DoubleGene, C> parents = mode.offspringSelector();
        Selector<DoubleGene, C> survivorSelector = mode.survivorsSelector();
        Alterer<DoubleGene, C> crossover = new UniformCrossover<DoubleGene, C>(ga.crossoverRate(), 0.5);
        Alterer<DoubleGene, C> alterer = crossover.andThen(
                new DistinctMutator<C>(codec, ga.mutationRate(), state::taken, ga.proposals(), model));
        long cap = ga.generations() == GaSpec.AUTO ? Long.MAX_VALUE : ga.generations();
        // evolution on this thread: its random numbers come from the seed alone
        RandomRegistry.with(RandomGeneratorFactory.of("L64X128MixRandom").create(spec.seed()), random -> {
            List<Phenotype<DoubleGene, C>> start = new ArrayList<>();
            for (var g : StratifiedStart.of(codec, size, random)) start.add(Phenotype.of(g, 0));
            RunState.Pending<C> first = state.submit(ISeq.of(start), 0);
            ISeq<Phenotype<DoubleGene, C>> population = observed(first, state.complete(first, mode), mode, model);
            Deque<RunState.Pending<C>> inFlight = new ArrayDeque<>();
            long generation = 1;
            while (true) {
                while (inFlight.size() < IN_FLIGHT && generation <= cap && state.stopReason() == null
                        && !state.exhausted(EXHAUSTED_AFTER)) {
                    ISeq<Phenotype<DoubleGene, C>> children = alterer.alter(
                            parents.select(population, offspring, Optimize.MAXIMUM), generation).population();
                    inFlight.add(state.submit(children, survivors));
                    generation++;
                }
                RunState.Pending<C> next = inFlight.poll();
                if (next == null) break;
                ISeq<Phenotype<DoubleGene, C>> evaluated = observed(next, state.complete(next, mode), mode, model);
                population = survivorSelector.select(population, survivors, Optimize.MAXIMUM).append(evaluated);
            }
            return null;
        });
    }

    /** Teaches {@code model} the results of {@code batch}'s members that were evaluated just now. */
    private static <C extends Comparable<? super C>> ISeq<Phenotype<DoubleGene, C>> observed(
            RunState.Pending<C> batch, ISeq<Phenotype<DoubleGene, C>> evaluated, FitnessMode<C> mode,
            Surrogate model) {
        for (int i = 0; i < evaluated.size(); i++) {
            if (batch.members().get(i).nonEvaluated() && evaluated.get(i).isEvaluated()) {
                model.observe(ArchitectureCodec.keys(evaluated.get(i).genotype()),
                        mode.scores(evaluated.get(i).fitness()));
            }
        }
        return evaluated;
    }

    /** Configures a {@link Search}; setters reject bad values at once. */
    public static final class Builder {
        private final SearchSpec spec;
        private int threads;
        private SearchListener listener = SearchListener.NONE;
        private @Nullable Path runDirectory;
        private boolean resume;
        private boolean tabulate;
        private @Nullable CandidateEvaluator evaluator;
        private @Nullable Path specFile;
        private BooleanSupplier cancelled = () -> false;
        private String version = Provenance.GRADFORGE_VERSION;

        private Builder(SearchSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.threads = spec.parallelism();
        }

        /** Evaluation threads (default: the spec's parallelism); results do not depend on it. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be in [1, 1024] but was " + threads + ".");
            }
            this.threads = threads;
            return this;
        }

        public Builder listener(SearchListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where the journal and outputs go (default {@code runs/<name>-<timestamp>}). */
        public Builder runDirectory(Path runDirectory) {
            this.runDirectory = Objects.requireNonNull(runDirectory, "runDirectory");
            return this;
        }

        /**
         * Tabulates instead of evolving: evaluates every distinct candidate of the space once and writes
         * {@code table.csv} ({@link SearchTable}). The spec must be finite ({@link SearchTable#tableSpec}).
         */
        public Builder tabulate() {
            SearchTable.combinations(spec); // fails now, naming the gene, if the space is not finite
            this.tabulate = true;
            return this;
        }

        /** Replaces the evaluator that compiles, screens and trains candidates (tests, clusters). */
        public Builder evaluator(CandidateEvaluator evaluator) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            return this;
        }

        /** The spec's file, against which relative data paths resolve. */
        public Builder specFile(@Nullable Path specFile) {
            this.specFile = specFile;
            return this;
        }

        /** Polled before each evaluation starts; when true the search stops as {@link #cancel()} does. */
        public Builder cancellation(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** The Gradforge version recorded in {@code summary.json}; {@link Provenance#GRADFORGE_VERSION} by default. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        public Search build() {
            return new Search(this);
        }
    }
}
