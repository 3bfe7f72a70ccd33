package io.gradforge.search;

import io.gradforge.dsl.spec.SearchSpec;
import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.util.ISeq;
import io.jenetics.util.Seq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one {@link Search#run()}: it schedules each batch's evaluations (cache, journal replay,
 * the pool), records them (journaled before they count) and keeps the counters and the stop reason. What the
 * result is (front, best) is {@link ParetoFront}'s.
 * Batches are submitted and completed on the evolution thread, in order, and several may be in flight at once
 * ({@link #submit}, {@link #complete}); evaluations run on the pool and are recorded under this object's lock.
 * Whatever the evolution reads (which candidates are taken, a batch's counts, best and front as of a batch) depends
 * only on the batches submitted and completed before, never on which evaluations of later batches happen to have
 * finished: the result is the same on any number of threads.
 */
final class RunState {
    private final Search search;
    private final SearchSpec spec;
    private final CandidateEvaluator evaluator;
    private final ExecutorService pool;
    private final Journal journal;
    private final Journal.Replay replay;
    private final SearchListener listener;
    private final Objectives objectives;
    private final ArchitectureCodec codec;
    private final long startNanos = System.nanoTime();

    /** Recorded evaluations by cache key ({@link Journal#key}). */
    private final Map<String, Evaluation> byKey = new HashMap<>();
    /** Each batch's counts, by batch number. */
    private final Map<Integer, Counts> counts = new HashMap<>();
    /** The evaluations submitted to the pool, by cache key (evolution thread only). */
    private final Map<String, Future<@Nullable Evaluation>> running = new HashMap<>();
    /** Canonical forms of the candidates submitted at rung 0, evaluated or not yet (evolution thread only). */
    private final Set<String> taken = new HashSet<>();
    /** Each candidate's evaluation at its highest rung, by canonical form. */
    private final Map<String, Evaluation> latest = new LinkedHashMap<>();
    private int generation;
    private long reserved;
    private volatile SearchResult.@Nullable StopReason stop;
    /** Batches in a row that evaluated nothing new. */
    private int barren;

    RunState(Search search, SearchSpec spec, CandidateEvaluator evaluator, ExecutorService pool, Journal journal,
            Journal.Replay replay, SearchListener listener) {
        this.search = search;
        this.spec = spec;
        this.evaluator = evaluator;
        this.pool = pool;
        this.journal = journal;
        this.replay = replay;
        this.listener = listener;
        this.objectives = Objectives.of(spec.objectives());
        this.codec = ArchitectureCodec.of(spec);
    }

    Objectives objectives() {
        return objectives;
    }

    ArchitectureCodec codec() {
        return codec;
    }

    SearchResult.@Nullable StopReason stopReason() {
        return stop;
    }

    long plannedEvaluations() {
        return Search.plannedEvaluations(spec);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Sets the stop reason if a limit is reached; returns whether the search must stop. */
    private boolean mustStop() {
        if (stop != null) return true;
        if (search.cancelled()) stop = SearchResult.StopReason.CANCELLED;
        else if (reserved >= spec.budget().maxEvaluations()) stop = SearchResult.StopReason.MAX_EVALUATIONS;
        else if (spec.budget().maxTime() != null && elapsed().compareTo(spec.budget().maxTime()) >= 0) {
            stop = SearchResult.StopReason.MAX_TIME;
        }
        return stop != null;
    }

    /**
     * A batch of a population's members without fitness, submitted for evaluation; {@link #complete} waits for it.
     * {@code offset} is the first member's index in the population the batch joins (survivors come first).
     */
    static final class Pending<C extends Comparable<? super C>> {
        private final Seq<Phenotype<DoubleGene, C>> members;
        private final int offset;
        private final int gen;
        private final @Nullable Stage stage;

        private Pending(Seq<Phenotype<DoubleGene, C>> members, int offset, int gen, @Nullable Stage stage) {
            this.members = members;
            this.offset = offset;
            this.gen = gen;
            this.stage = stage;
        }

        Seq<Phenotype<DoubleGene, C>> members() {
            return members;
        }
    }

    /**
     * Submits the members of {@code members} without fitness as the next batch: cache, journal replay, then the
     * pool (without waiting). A search that is over submits nothing, and neither does a batch whose members all
     * have fitness (it takes no batch number).
     */
    <C extends Comparable<? super C>> Pending<C> submit(Seq<Phenotype<DoubleGene, C>> members, int offset) {
        Map<Integer, Candidate> candidates = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).nonEvaluated()) candidates.put(offset + i, codec.decode(members.get(i).genotype()));
        }
        if (candidates.isEmpty() || stop != null) return new Pending<>(members, offset, -1, null);
        int gen = generation++;
        return new Pending<>(members, offset, gen, submit(gen, 0, candidates));
    }

    /**
     * Waits for {@code pending}'s evaluations (and, with successive halving, its promotions to the second rung),
     * journals and reports the batch, and returns its members with fitness: a member not evaluated (the search
     * stopped first) gets the worst.
     */
    <C extends Comparable<? super C>> ISeq<Phenotype<DoubleGene, C>> complete(Pending<C> pending,
            FitnessMode<C> mode) {
        Seq<Phenotype<DoubleGene, C>> members = pending.members;
        Map<Integer, Evaluation> found = new HashMap<>();
        if (pending.stage != null) {
            found.putAll(await(pending.stage));
            if (spec.budget().successiveHalving()) found.putAll(await(submit(pending.gen, 1, promote(found))));
        }
        List<Phenotype<DoubleGene, C>> out = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            Phenotype<DoubleGene, C> p = members.get(i);
            if (p.nonEvaluated()) {
                Evaluation e = found.get(pending.offset + i);
                p = p.withFitness(mode.fitness(e != null ? e.objectives() : objectives.worst()));
            }
            out.add(p);
        }
        if (pending.stage != null) summarize(pending.gen);
        return ISeq.of(out);
    }

    /**
     * Evaluates {@code candidates} as one batch, outside any evolution (a tabulation enumerates the space this
     * way); the batch is journaled and reported like a generation.
     */
    void evaluateBatch(List<Candidate> candidates) {
        if (stop != null || candidates.isEmpty()) return;
        int gen = generation++;
        Map<Integer, Candidate> indexed = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) indexed.put(i, candidates.get(i));
        await(submit(gen, 0, indexed));
        summarize(gen);
    }

    /**
     * Whether the last {@code generations} batches in a row evaluated no new candidate (the space is used up); sets
     * the stop reason when so.
     */
    boolean exhausted(int generations) {
        if (barren < generations) return false;
        if (stop == null) stop = SearchResult.StopReason.EXHAUSTED;
        return true;
    }

    /**
     * Journals and reports batch {@code gen} if it evaluated anything, then checks the limits. The summary counts
     * the batches up to {@code gen} only (later ones may be in flight already).
     */
    private void summarize(int gen) {
        GenerationSummary summary;
        synchronized (this) {
            Counts c = counts(gen);
            barren = c.executed + c.replayed > 0 ? 0 : barren + 1;
            if (c.executed + c.replayed + c.hits == 0) {
                mustStop();
                return;
            }
            Counts upTo = upTo(gen);
            List<Evaluation> known = new ArrayList<>();
            for (Evaluation e : latest.values()) if (e.generation() <= gen) known.add(e);
            summary = new GenerationSummary(gen, c.executed, c.replayed, c.hits, upTo.executed + upTo.replayed,
                    ParetoFront.best(known, objectives), ParetoFront.of(known, objectives).size(), elapsed());
        }
        // a batch cut short by cancellation or max_time is summarized by the run that completes it
        boolean cut = stop == SearchResult.StopReason.CANCELLED || stop == SearchResult.StopReason.MAX_TIME;
        try {
            if (!cut && !replay.generations().contains(gen)) journal.generation(summary, objectives.names());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener.onGeneration(summary);
        mustStop();
    }

    /** A batch's counts: evaluations run, taken from the journal, and answered by the cache. */
    private static final class Counts {
        int executed;
        int replayed;
        int hits;
    }

    private synchronized Counts counts(int gen) {
        return counts.computeIfAbsent(gen, g -> new Counts());
    }

    private synchronized void hit(int gen) {
        counts(gen).hits++;
    }

    /** The counts of the batches up to {@code gen}, summed. */
    private synchronized Counts upTo(int gen) {
        Counts sum = new Counts();
        counts.forEach((g, c) -> {
            if (g <= gen) {
                sum.executed += c.executed;
                sum.replayed += c.replayed;
                sum.hits += c.hits;
            }
        });
        return sum;
    }

    private synchronized @Nullable Evaluation recorded(String key) {
        return byKey.get(key);
    }

    /** The best half of the batch's distinct trained candidates (by weighted score, then canonical form). */
    private Map<Integer, Candidate> promote(Map<Integer, Evaluation> found) {
        Map<String, Map.Entry<Integer, Evaluation>> distinct = new LinkedHashMap<>();
        found.forEach((i, e) -> {
            if (e.status() == EvaluationStatus.TRAINED) {
                distinct.putIfAbsent(e.candidate().canonical(), Map.entry(i, e));
            }
        });
        List<Map.Entry<Integer, Evaluation>> ranked = new ArrayList<>(distinct.values());
        ranked.sort(Comparator.comparing((Map.Entry<Integer, Evaluation> x) -> x.getValue(), ranking()));
        Map<Integer, Candidate> promoted = new LinkedHashMap<>();
        for (var x : ranked.subList(0, ranked.size() / 2)) promoted.put(x.getKey(), x.getValue().candidate());
        // every phenotype sharing a promoted candidate's spec shares its longer evaluation
        found.forEach((i, e) -> {
            if (!promoted.containsKey(i) && promoted.containsValue(e.candidate())) promoted.put(i, e.candidate());
        });
        return promoted;
    }

    /** A batch's candidates at one rung: those answered at once, and those waited for by cache key. */
    private static final class Stage {
        final Map<Integer, Evaluation> found = new HashMap<>();
        final Map<String, List<Integer>> waiting = new LinkedHashMap<>();
    }

    /**
     * Submits the candidates at {@code rung}: cache, then journal replay, then the pool, in index order. A
     * candidate of this or an earlier batch still in flight is a cache hit that waits for it.
     */
    private Stage submit(int gen, int rung, Map<Integer, Candidate> candidates) {
        Stage stage = new Stage();
        List<Task> tasks = new ArrayList<>();
        for (var entry : candidates.entrySet()) {
            int index = entry.getKey();
            Candidate c = entry.getValue();
            String key = Journal.key(rung, c.canonical());
            Evaluation cached = recorded(key);
            if (cached != null) {
                hit(gen);
                stage.found.put(index, cached);
                continue;
            }
            if (stage.waiting.containsKey(key) || running.containsKey(key)) {
                hit(gen);
                stage.waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(index);
                continue;
            }
            if (mustStop()) continue;
            long seed = Candidate.seed(spec.seed(), c.canonical());
            Journal.Entry journaled = replay.outcomes().get(key);
            reserved++;
            if (rung == 0) taken.add(c.canonical());
            stage.waiting.put(key, new ArrayList<>(List.of(index)));
            if (journaled != null) {
                Evaluation e = new Evaluation(gen, index, c, seed, rung, journaled.outcome(),
                        objectives.scores(journaled.outcome()), journaled.durationMillis());
                record(key, e, true);
                continue;
            }
            tasks.add(new Task(key, cost(c, rung), () -> run(gen, index, c, seed, rung, key)));
        }
        // Largest first on several threads: a batch ends with its slowest evaluation, so starting the big
        // networks early keeps both threads busy to the end (longest processing time first). Which candidates are
        // evaluated, and their results, do not depend on the order; on one thread the order stays the index order.
        if (search.threads() > 1) tasks.sort(Comparator.comparingDouble(Task::cost).reversed());
        for (Task t : tasks) running.put(t.key(), pool.submit(t.work()));
        return stage;
    }

    /** Waits for the stage's evaluations in flight; returns its evaluations by index. */
    private Map<Integer, Evaluation> await(Stage stage) {
        for (String key : stage.waiting.keySet()) {
            Future<@Nullable Evaluation> f = running.get(key);
            if (f == null) continue; // replayed from the journal, recorded at once
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                search.cancel();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException io) throw io;
                throw new IllegalStateException("evaluation of " + key + " failed", e.getCause());
            }
        }
        stage.waiting.forEach((key, indices) -> {
            Evaluation e = recorded(key);
            if (e != null) indices.forEach(i -> stage.found.put(i, e));
        });
        return stage.found;
    }

    private record Task(String key, double cost, Callable<@Nullable Evaluation> work) {}

    /** A candidate's training cost up to a constant: parameters (work per sample) times the rung's step factor. */
    private static double cost(Candidate c, int rung) {
        return c.experiment().network().shape().parameters() * Math.pow(2, rung);
    }

    private @Nullable Evaluation run(int gen, int index, Candidate c, long seed, int rung, String key) {
        if (search.cancelled()) return null;
        long t0 = System.nanoTime();
        Outcome outcome;
        try {
            outcome = evaluator.evaluate(c, seed, rung, search::abandoned);
        } catch (CancellationException e) {
            return null;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            outcome = Outcome.failed(e, (long) c.experiment().network().shape().parameters());
        }
        Evaluation e = new Evaluation(gen, index, c, seed, rung, outcome, objectives.scores(outcome),
                (System.nanoTime() - t0) / 1_000_000);
        record(key, e, false);
        return e;
    }

    private synchronized void record(String key, Evaluation e, boolean fromJournal) {
        if (!fromJournal) {
            try {
                journal.evaluation(e, objectives.names());
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            counts(e.generation()).executed++;
        } else {
            counts(e.generation()).replayed++;
        }
        byKey.put(key, e);
        Evaluation previous = latest.get(e.candidate().canonical());
        if (previous == null || previous.rung() <= e.rung()) latest.put(e.candidate().canonical(), e);
        listener.onEvaluation(e, fromJournal);
    }

    /**
     * Whether the candidate of {@code canonical} was submitted at rung 0, evaluated or still in flight (evolution
     * thread only): what the batches submitted so far hold, whatever the threads have finished.
     */
    boolean taken(String canonical) {
        return taken.contains(canonical);
    }

    /** Best first: higher weighted score, then the smaller canonical form. */
    Comparator<Evaluation> ranking() {
        return ParetoFront.ranking(objectives);
    }

    synchronized @Nullable Evaluation best() {
        return ParetoFront.best(latest.values(), objectives);
    }

    /** The non-dominated trained candidates, each at its highest rung, best first. */
    synchronized List<Evaluation> front() {
        return ParetoFront.of(latest.values(), objectives);
    }

    synchronized SearchResult result(Path dir) {
        List<Evaluation> all = new ArrayList<>(byKey.values());
        all.sort(RunDirectory.RECORD_ORDER);
        SearchResult.StopReason reason = stop != null ? stop : SearchResult.StopReason.GENERATIONS;
        Counts total = upTo(Integer.MAX_VALUE);
        return new SearchResult(front(), best(), all, objectives.names(), dir, reason, generation, total.executed,
                total.replayed, total.hits, elapsed());
    }
}
