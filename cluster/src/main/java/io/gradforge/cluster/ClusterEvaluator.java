package io.gradforge.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Candidate;
import io.gradforge.search.CandidateEvaluator;
import io.gradforge.search.Outcome;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The driver's side of a cluster search: a {@link CandidateEvaluator} that sends each evaluation to a worker and
 * waits for its outcome. Evolution, journal and outputs stay with the {@link io.gradforge.search.Search} on the
 * driver; since a worker runs the very evaluation a local search would, a cluster search gives the same journal
 * results, best and front as a local one.
 *
 * {@snippet :
 * try (ClusterEvaluator cluster = ClusterEvaluator.connect(settings, search.spec(), err)) {
 *     Search.builder(spec).evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT).build().run();
 * }
 * }
 *
 * <p>Scheduling: tasks wait in a queue here, and a worker is given as many as it has threads plus one more each,
 * queued on the worker so that a thread finding its evaluation done starts the next at once instead of waiting for
 * the result to reach the driver and a new task to come back. A worker left with an idle thread while another still
 * holds a queued task it has not started takes that task over (it is withdrawn from the other's queue first, so it
 * runs once); so the end of a generation waits for no queue. When a worker leaves (or is lost: no heartbeat for
 * {@value HazelcastSetup#LOST_AFTER_SECONDS} s) every unfinished task is given again (see {@link #leave}); a task
 * held far longer than any evaluation took is given again too; a worker that joins gets tasks at once. An
 * evaluation completes with the first result for its task; later duplicates are ignored, so nothing is journaled
 * twice.
 *
 * @implNote Thread-safe: {@link #evaluate} is called from the search's evaluation threads; scheduling state is
 *     guarded by this object's lock; results arrive on one thread of its own.
 */
public final class ClusterEvaluator implements CandidateEvaluator, AutoCloseable {
    /** Evaluation threads a cluster search needs on the driver: each only waits for its task's result. */
    public static final int IN_FLIGHT = 512;
    private static final long POLL_MILLIS = 200;
    /** Tasks a worker holds per thread: the one it runs and the next. */
    private static final int AHEAD = 2;
    /** A task held this long, and {@value #OVERDUE_FACTOR} times the slowest evaluation, is given again. */
    static final long OVERDUE_MIN_MILLIS = 30_000;
    private static final int OVERDUE_FACTOR = 10;

    private final HazelcastInstance client;
    private final Signer signer;
    private final String job = UUID.randomUUID().toString();
    private final String jobMessage;
    private final String searchName;
    private final PrintWriter log;
    private final IQueue<String> results;
    private final Arrivals arrivals;
    private final Thread receiver;
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong reassigned = new AtomicLong();
    private volatile boolean closed;
    private volatile @Nullable String lost;

    // guarded by this
    private final Map<String, Slot> workers = new HashMap<>();
    private final Deque<Task> pending = new ArrayDeque<>();
    private final Map<Long, Task> open = new HashMap<>();
    private final Set<String> members = new LinkedHashSet<>();
    private long nextTask;
    private long slowestNanos;

    /** A worker's capacity and the tasks it holds now. */
    private static final class Slot {
        final String member;
        final String address;
        final int threads;
        final Set<Long> tasks = new LinkedHashSet<>();
        /** Refused this job: gets no more of its tasks. */
        boolean refused;

        Slot(String member, String address, int threads) {
            this.member = member;
            this.address = address;
            this.threads = threads;
        }

        /** Tasks it can be given now: one running and one queued per thread. */
        int free() {
            return refused ? 0 : AHEAD * threads - tasks.size();
        }

        /** Threads the driver knows to be without a task. */
        int idle() {
            return refused ? 0 : Math.max(0, threads - tasks.size());
        }

        /** Tasks beyond its threads: queued on it, perhaps not started yet. */
        int queued() {
            return Math.max(0, tasks.size() - threads);
        }
    }

    private static final class Task {
        final long id;
        final String message;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        @Nullable String worker;
        long assignedNanos;

        Task(long id, String message) {
            this.id = id;
            this.message = message;
        }
    }

    private ClusterEvaluator(HazelcastInstance client, Signer signer, SearchSpec spec, PrintWriter log) {
        this.client = client;
        this.signer = signer;
        this.searchName = spec.name();
        this.jobMessage = signer.sign(Protocol.KIND_JOB, Protocol.job(SpecWriter.write(spec)));
        this.log = log;
        this.results = client.getQueue(Protocol.RESULTS_PREFIX + job);
        this.arrivals = HazelcastSetup.retried(() -> new Arrivals(results));
        this.receiver = new Thread(this::receive, "gradforge-cluster-results");
        this.receiver.setDaemon(true);
    }

    /**
     * Connects to the cluster of {@code settings} as a client and publishes {@code spec} (its data paths as the
     * workers must find them: {@link io.gradforge.search.Search#spec()} makes them absolute).
     *
     * @param connectMillis how long to try to reach a member, at the start and after losing the cluster
     * @throws ClusterException if no member answers in time, or the cluster's secret is another
     */
    public static ClusterEvaluator connect(ClusterSettings settings, SearchSpec spec, long connectMillis,
            PrintWriter log) {
        Objects.requireNonNull(spec, "spec");
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(settings, connectMillis));
        } catch (RuntimeException e) {
            throw new ClusterException("no member of cluster '" + settings.name() + "' answered at "
                    + String.join(",", settings.members()) + " within " + connectMillis / 1000 + " s (" + Worker
                    .rootMessage(e) + "); start workers first (gradforge worker), and check the addresses and "
                    + "--cluster-name", e);
        }
        Signer signer = new Signer(settings.secret());
        try {
            String proof = HazelcastSetup.retried(() -> client.<String, String>getMap(Protocol.AUTH)
                    .get(Protocol.PROOF));
            if (signer.open(Protocol.KIND_PROOF, proof) == null) {
                throw new ClusterException.WrongSecret("cluster '" + settings.name() + "' at " + String.join(",",
                        settings.members()) + " refused this driver: its secret differs (or the cluster has no "
                        + "worker yet); give the same --secret (or " + ClusterSettings.SECRET_ENV
                        + ") as the workers");
            }
            ClusterEvaluator c = new ClusterEvaluator(client, signer, spec, log);
            c.start();
            return c;
        } catch (ClusterException e) {
            client.shutdown();
            throw e;
        } catch (RuntimeException e) {
            client.shutdown();
            throw new ClusterException("reached cluster '" + settings.name() + "' at " + String.join(",",
                    settings.members()) + " but could not hand it the search (" + Worker.rootMessage(e)
                    + "); try again", e);
        }
    }

    private void start() {
        HazelcastSetup.retried(() -> client.<String, String>getMap(Protocol.JOBS).put(job, jobMessage));
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                synchronized (ClusterEvaluator.this) {
                    members.add(e.getMember().getUuid().toString());
                }
                offers(); // its offer may have come first
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                leave(e.getMember().getUuid().toString(), "left the cluster");
            }
        });
        synchronized (this) {
            for (Member m : client.getCluster().getMembers()) members.add(m.getUuid().toString());
        }
        IMap<String, String> offers = client.getMap(Protocol.WORKERS);
        offers.addEntryListener((EntryAddedListener<String, String> & EntryUpdatedListener<String, String>
                & EntryRemovedListener<String, String>) new OfferListener(), true);
        offers();
        client.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED && !closed) {
                // a cluster started anew holds no job: publish it again; tasks held by members now gone come back
                // through memberRemoved
                client.<String, String>getMap(Protocol.JOBS).put(job, jobMessage);
                offers();
            } else if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN && !closed) {
                lost = "lost the cluster: no member answered for too long";
            }
        });
        receiver.start();
    }

    private final class OfferListener implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            offer(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            offer(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            leave(e.getKey(), "stopped");
        }
    }

    /** Reads every worker's offer (those that came before we listened, or before their member was known). */
    private void offers() {
        try {
            client.<String, String>getMap(Protocol.WORKERS).forEach(this::offer);
        } catch (HazelcastInstanceNotActiveException e) {
            // closing
        }
    }

    private void offer(String key, @Nullable String message) {
        String payload = signer.open(Protocol.KIND_WORKER, message);
        if (payload == null) {
            warnOnce("offer-" + key, "ignored worker " + key + ": its offer is not signed with this cluster's secret");
            return;
        }
        Protocol.WorkerOffer offer = Protocol.WorkerOffer.parse(payload);
        if (!offer.member().equals(key)) return;
        synchronized (this) {
            if (!members.contains(key) || workers.containsKey(key)) return; // a stale offer, or known
            workers.put(key, new Slot(key, offer.address(), offer.threads()));
            say("worker " + offer.address() + " joined with " + offer.threads() + " thread"
                    + (offer.threads() == 1 ? "" : "s"));
            dispatch();
        }
    }

    /**
     * A worker left: its unfinished tasks, and those of every other worker too, are given again. A member that
     * fails takes with it the queue items of the partitions it owned (the queues keep no backup, see
     * {@link HazelcastSetup#member}) and those in flight (a task taken by a poll it answered but never returned, a
     * result on its way), so any unfinished task may be lost; giving them all again costs a few repeated evaluations
     * only when a member fails, and the first result of each task counts.
     */
    private synchronized void leave(String member, String why) {
        members.remove(member);
        Slot slot = workers.remove(member);
        if (slot == null) return;
        int held = slot.tasks.size();
        List<Task> back = new ArrayList<>();
        for (Task t : open.values()) {
            if (t.worker != null && !t.outcome.isDone()) back.add(t);
        }
        back.sort(Comparator.comparingLong((Task t) -> t.id).reversed());
        for (Task t : back) {
            t.worker = null;
            pending.addFirst(t);
        }
        reassigned.addAndGet(back.size());
        for (Slot s : workers.values()) {
            // the tasks queued there and not started yet leave the queue: they would run twice
            for (Long id : s.tasks) {
                Task t = open.get(id);
                if (t != null) withdraw(s, t);
            }
            s.tasks.clear();
        }
        say("worker " + slot.address + " " + why + (held == 0 ? "" : "; its " + held + " unfinished evaluation"
                + (held == 1 ? " goes" : "s go") + " to the other workers"));
        try {
            client.getQueue(Protocol.WORK_PREFIX + member).destroy();
        } catch (RuntimeException e) {
            // gone with the member
        }
        dispatch();
    }

    /**
     * Gives waiting tasks to the workers with the most free places; with none waiting, moves queued tasks not yet
     * started to workers with an idle thread.
     */
    private synchronized void dispatch() {
        while (!pending.isEmpty() && !closed) {
            Slot best = workers.values().stream().filter(s -> s.free() > 0)
                    .max(Comparator.comparingInt(Slot::free).thenComparing(s -> s.member)).orElse(null);
            if (best == null) return;
            Task t = pending.peekFirst();
            if (!give(t, best)) return;
            pending.pollFirst();
        }
        while (!closed) {
            Slot idle = workers.values().stream().filter(s -> s.idle() > 0).findFirst().orElse(null);
            Slot busy = workers.values().stream().filter(s -> s.queued() > 0)
                    .max(Comparator.comparingInt(Slot::queued)).orElse(null);
            if (idle == null || busy == null || !steal(busy, idle)) return;
        }
    }

    /** Queues {@code t} on {@code slot}'s worker; false if the member is going (memberRemoved will follow). */
    private boolean give(Task t, Slot slot) {
        try {
            if (!client.<String>getQueue(Protocol.WORK_PREFIX + slot.member).offer(t.message)) return false;
        } catch (RuntimeException e) {
            return false;
        }
        t.worker = slot.member;
        t.assignedNanos = System.nanoTime();
        slot.tasks.add(t.id);
        return true;
    }

    /** Takes {@code t} back out of {@code slot}'s queue; false if its worker took it already (or cannot be asked). */
    private boolean withdraw(Slot slot, Task t) {
        try {
            return client.<String>getQueue(Protocol.WORK_PREFIX + slot.member).remove(t.message);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Moves the task {@code from} was given last to {@code to}, if {@code from}'s worker has not taken it from its
     * queue yet (the queue's removal decides: a task is either withdrawn or taken, never both).
     */
    private boolean steal(Slot from, Slot to) {
        Long last = null;
        for (Long id : from.tasks) last = id;
        Task t = last == null ? null : open.get(last);
        if (t == null || t.outcome.isDone() || !withdraw(from, t)) return false;
        from.tasks.remove(t.id);
        if (!give(t, to)) {
            t.worker = null;
            pending.addFirst(t);
            return false;
        }
        return true;
    }

    /** The result thread: takes the job's results and completes their tasks. */
    private void receive() {
        long lastCheck = System.nanoTime();
        while (!closed) {
            String message;
            try {
                long seen = arrivals.count();
                message = results.poll();
                if (message == null) arrivals.await(seen);
            } catch (InterruptedException | HazelcastInstanceNotActiveException e) {
                return;
            } catch (RuntimeException e) {
                continue; // reconnecting
            }
            if (System.nanoTime() - lastCheck > TimeUnit.SECONDS.toNanos(1)) {
                lastCheck = System.nanoTime();
                resendOverdue();
            }
            if (message == null) continue;
            String payload = signer.open(Protocol.KIND_RESULT, message);
            if (payload == null) {
                warnOnce("result", "ignored a result that is not signed with this cluster's secret");
                continue;
            }
            Protocol.Result r = Protocol.Result.parse(payload);
            if (!r.job().equals(job)) continue;
            synchronized (this) {
                Slot slot = workers.get(r.worker());
                if (slot != null) slot.tasks.remove(r.task());
                Task t = open.get(r.task());
                if (t == null || t.outcome.isDone()) {
                    duplicates.incrementAndGet();
                } else if (r.outcome() != null) {
                    slowestNanos = Math.max(slowestNanos, System.nanoTime() - t.assignedNanos);
                    t.outcome.complete(r.outcome());
                } else {
                    // the worker cannot evaluate this job: others can
                    if (slot != null) slot.refused = true;
                    warnOnce("refused-" + r.worker(), Objects.requireNonNullElse(r.refused(), "refused")
                            + "; its tasks go to the other workers");
                    t.worker = null;
                    pending.addFirst(t);
                }
                dispatch();
            }
        }
    }

    /**
     * Gives again the tasks a worker has held for much longer than any evaluation took (at least
     * {@value #OVERDUE_MIN_MILLIS} ms): a task or result lost in the cluster (a member that failed while holding
     * the queue's partition) must not stall the search. The first result counts; a late one is ignored. Also retries
     * tasks whose dispatch failed while the cluster was changing.
     */
    private synchronized void resendOverdue() {
        long limit = Math.max(TimeUnit.MILLISECONDS.toNanos(OVERDUE_MIN_MILLIS), OVERDUE_FACTOR * slowestNanos);
        long now = System.nanoTime();
        for (Slot slot : workers.values()) {
            for (var it = slot.tasks.iterator(); it.hasNext(); ) {
                Task t = open.get(it.next());
                if (t == null || t.outcome.isDone()) {
                    it.remove();
                } else if (now - t.assignedNanos > limit && !pending.contains(t)) {
                    it.remove();
                    withdraw(slot, t); // still queued there: it will not run twice
                    t.worker = null;
                    pending.addFirst(t);
                    reassigned.incrementAndGet();
                    warnOnce("overdue", "an evaluation took over " + limit / 1_000_000_000 + " s on worker "
                            + slot.address + "; it is given again (the first result counts)");
                }
            }
        }
        dispatch();
    }

    @Override
    public Outcome evaluate(Candidate candidate, long seed, int rung, BooleanSupplier cancelled)
            throws InterruptedException {
        Task t;
        synchronized (this) {
            if (closed) throw new CancellationException("the cluster connection is closed");
            long id = nextTask++;
            t = new Task(id, signer.sign(Protocol.KIND_TASK,
                    new Protocol.Task(job, id, searchName, candidate.canonical(), seed, rung).json()));
            open.put(id, t);
            pending.addLast(t);
            dispatch();
        }
        try {
            while (true) {
                try {
                    return t.outcome.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancelled.getAsBoolean() || closed || lost != null) {
                        throw new CancellationException(lost != null ? lost : "cancelled");
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            synchronized (this) {
                open.remove(t.id);
                pending.remove(t);
            }
        }
    }

    /** Why the cluster was lost (the search should stop: its remaining evaluations cannot run), or null. */
    public @Nullable String lost() {
        return lost;
    }

    /** Workers offering threads now. */
    public synchronized int workers() {
        return workers.size();
    }

    /** Threads of all workers now. */
    public synchronized int workerThreads() {
        return workers.values().stream().mapToInt(s -> s.threads).sum();
    }

    /** Results that came for a task already completed (and were ignored). */
    public long duplicates() {
        return duplicates.get();
    }

    /** Tasks given to another worker after theirs left. */
    public long reassigned() {
        return reassigned.get();
    }

    private final Set<String> warned = new LinkedHashSet<>();

    private void warnOnce(String key, String line) {
        synchronized (warned) {
            if (!warned.add(key)) return;
        }
        say("warning: " + line);
    }

    private void say(String line) {
        synchronized (log) {
            log.println("gradforge: " + line);
            log.flush();
        }
    }

    /** Withdraws the job and leaves the cluster; waiting evaluations end with a {@link CancellationException}. */
    @Override
    public void close() {
        closed = true;
        arrivals.close();
        try {
            client.<String, String>getMap(Protocol.JOBS).remove(job);
            results.destroy();
        } catch (RuntimeException e) {
            // the cluster is gone already
        }
        receiver.interrupt();
        client.shutdown();
    }
}
