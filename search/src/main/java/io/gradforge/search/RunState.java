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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Batches are evaluated on the evolution thread; evaluations run on the pool and are recorded under this
 * object's lock.
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
    /** Each candidate's evaluation at its highest rung, by canonical form. */
    private final Map<String, Evaluation> latest = new LinkedHashMap<>();
    private int generation;
    private long evaluations;
    private long reserved;
    private long executed;
    private long replayed;
    private long cacheHits;
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

    /** Batches evaluated so far (the initial population counts as one). */
    int batches() {
        return generation;
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

    /** Jenetics' evaluator: scores every phenotype without fitness, one batch (generation) at a time. */
    <C extends Comparable<? super C>> ISeq<Phenotype<DoubleGene, C>> evaluate(
            Seq<Phenotype<DoubleGene, C>> population, FitnessMode<C> mode) {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < population.size(); i++) {
            if (population.get(i).nonEvaluated()) todo.add(i);
        }
        if (todo.isEmpty()) return ISeq.of(population);
        if (stop != null) {
            // the search is over (Jenetics may still ask within one evolve call): nothing counts any more
            return ISeq.of(population.map(p -> p.nonEvaluated() ? p.withFitness(mode.fitness(objectives.worst())) : p));
        }
        int gen = generation++;
        long executedBefore = executed;
        long replayedBefore = replayed;
        long hitsBefore = cacheHits;
        Map<Integer, Candidate> candidates = new LinkedHashMap<>();
        for (int i : todo) candidates.put(i, codec.decode(population.get(i).genotype()));
        Map<Integer, Evaluation> found = stage(gen, 0, candidates);
        if (spec.budget().successiveHalving()) {
            Map<Integer, Candidate> promoted = promote(found);
            found.putAll(stage(gen, 1, promoted));
        }
        List<Phenotype<DoubleGene, C>> out = new ArrayList<>(population.size());
        for (int i = 0; i < population.size(); i++) {
            Phenotype<DoubleGene, C> p = population.get(i);
            if (p.nonEvaluated()) {
                Evaluation e = found.get(i);
                p = p.withFitness(mode.fitness(e != null ? e.objectives() : objectives.worst()));
            }
            out.add(p);
        }
        summarize(gen, executedBefore, replayedBefore, hitsBefore);
        return ISeq.of(out);
    }

    /**
     * Evaluates {@code candidates} as one batch, outside any evolution (a tabulation enumerates the space this
     * way); the batch is journaled and reported like a generation.
     */
    void evaluateBatch(List<Candidate> candidates) {
        if (stop != null || candidates.isEmpty()) return;
        int gen = generation++;
        long executedBefore = executed;
        long replayedBefore = replayed;
        long hitsBefore = cacheHits;
        Map<Integer, Candidate> indexed = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) indexed.put(i, candidates.get(i));
        stage(gen, 0, indexed);
        summarize(gen, executedBefore, replayedBefore, hitsBefore);
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

    /** Journals and reports batch {@code gen} if it evaluated anything, then checks the limits. */
    private void summarize(int gen, long executedBefore, long replayedBefore, long hitsBefore) {
        barren = executed + replayed > executedBefore + replayedBefore ? 0 : barren + 1;
        if (executed + replayed + cacheHits > executedBefore + replayedBefore + hitsBefore) {
            GenerationSummary summary = new GenerationSummary(gen, (int) (executed - executedBefore),
                    (int) (replayed - replayedBefore), (int) (cacheHits - hitsBefore), evaluations, best(),
                    front().size(), elapsed());
            // a batch cut short by cancellation or max_time is summarized by the run that completes it
            boolean cut = stop == SearchResult.StopReason.CANCELLED || stop == SearchResult.StopReason.MAX_TIME;
            try {
                if (!cut && !replay.generations().contains(gen)) journal.generation(summary, objectives.names());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.onGeneration(summary);
        }
        mustStop();
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

    /** Evaluates the candidates at {@code rung}: cache, then journal replay, then the pool, in index order. */
    private Map<Integer, Evaluation> stage(int gen, int rung, Map<Integer, Candidate> candidates) {
        Map<Integer, Evaluation> found = new HashMap<>();
        Map<String, List<Integer>> pending = new LinkedHashMap<>();
        Map<String, Future<@Nullable Evaluation>> futures = new LinkedHashMap<>();
        List<Task> tasks = new ArrayList<>();
        for (var entry : candidates.entrySet()) {
            int index = entry.getKey();
            Candidate c = entry.getValue();
            String key = Journal.key(rung, c.canonical());
            Evaluation cached = byKey.get(key);
            if (cached != null) {
                cacheHits++;
                found.put(index, cached);
                continue;
            }
            if (pending.containsKey(key)) {
                cacheHits++;
                pending.get(key).add(index);
                continue;
            }
            if (mustStop()) continue;
            long seed = Candidate.seed(spec.seed(), c.canonical());
            Journal.Entry journaled = replay.outcomes().get(key);
            reserved++;
            pending.put(key, new ArrayList<>(List.of(index)));
            if (journaled != null) {
                Evaluation e = new Evaluation(gen, index, c, seed, rung, journaled.outcome(),
                        objectives.scores(journaled.outcome()), journaled.durationMillis());
                record(key, e, true);
                continue;
            }
            tasks.add(new Task(key, cost(c, rung), () -> run(gen, index, c, seed, rung, key)));
        }
        // Largest first on several threads: a generation ends with its slowest evaluation, so starting the big
        // networks early keeps both threads busy to the end (longest processing time first). Which candidates are
        // evaluated, and their results, do not depend on the order; on one thread the order stays the index order.
        if (search.threads() > 1) tasks.sort(Comparator.comparingDouble(Task::cost).reversed());
        for (Task t : tasks) futures.put(t.key(), pool.submit(t.work()));
        for (var f : futures.entrySet()) {
            try {
                f.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                search.cancel();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException io) throw io;
                throw new IllegalStateException("evaluation of " + f.getKey() + " failed", e.getCause());
            }
        }
        pending.forEach((key, indices) -> {
            Evaluation e = byKey.get(key);
            if (e != null) indices.forEach(i -> found.put(i, e));
        });
        return found;
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
            executed++;
        } else {
            replayed++;
        }
        evaluations++;
        byKey.put(key, e);
        Evaluation previous = latest.get(e.candidate().canonical());
        if (previous == null || previous.rung() <= e.rung()) latest.put(e.candidate().canonical(), e);
        listener.onEvaluation(e, fromJournal);
    }

    /** Whether the candidate of {@code canonical} was evaluated (or replayed) at rung 0. */
    synchronized boolean evaluated(String canonical) {
        return byKey.containsKey(Journal.key(0, canonical));
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
        return new SearchResult(front(), best(), all, objectives.names(), dir, reason, generation, executed, replayed,
                cacheHits, elapsed());
    }

    long cacheHits() {
        return cacheHits;
    }
}
