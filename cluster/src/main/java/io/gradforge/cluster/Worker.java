package io.gradforge.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.run.SpecCompiler;
import io.gradforge.search.Candidate;
import io.gradforge.search.CandidateEvaluator;
import io.gradforge.search.Outcome;
import io.gradforge.search.TrainingEvaluator;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A cluster member that evaluates candidates: it joins (or starts) the cluster, proves it holds the secret,
 * offers its threads, and runs each task it is sent exactly as a local search would ({@link TrainingEvaluator}
 * on the job's spec, the task's seed and rung), sending the outcome back as signed JSON.
 *
 * {@snippet :
 * try (Worker w = Worker.start(ClusterSettings.of(null, secret, List.of("10.0.0.5:5701"), "10.0.0.6", null,
 *         false, System.getenv()), 4, new PrintWriter(System.err, true))) {
 *     w.awaitShutdown();
 * }
 * }
 *
 * @implNote Thread-safe. One evaluation thread per {@code threads}; each job's evaluator (and its file data) is
 *     kept while the job is among the last {@value #JOBS_KEPT}.
 */
public final class Worker implements AutoCloseable {
    private static final int JOBS_KEPT = 4;

    private final HazelcastInstance hazelcast;
    private final Signer signer;
    private final String member;
    private final String address;
    private final int threads;
    private final PrintWriter log;
    private final List<Thread> loops = new ArrayList<>();
    private final IQueue<String> work;
    private final Arrivals arrivals;
    private final Map<String, Job> jobs = new LinkedHashMap<>(JOBS_KEPT, 0.75f, true);
    private final AtomicLong evaluated = new AtomicLong();
    private volatile boolean running = true;

    /** An evaluator for a job, or why this worker cannot evaluate it. */
    private record Job(@Nullable CandidateEvaluator evaluator, @Nullable String refused) {}

    private Worker(HazelcastInstance hazelcast, Signer signer, int threads, PrintWriter log) {
        this.hazelcast = hazelcast;
        this.signer = signer;
        this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
        var a = hazelcast.getCluster().getLocalMember().getAddress();
        this.address = a.getHost() + ":" + a.getPort();
        this.threads = threads;
        this.log = log;
        this.work = hazelcast.getQueue(Protocol.WORK_PREFIX + member);
        this.arrivals = HazelcastSetup.retried(() -> new Arrivals(work));
    }

    /**
     * Joins the cluster of {@code settings} (or starts it, when no member answers) and starts {@code threads}
     * evaluation threads.
     *
     * @throws ClusterException.WrongSecret if the cluster's proof does not verify with the secret (the member has
     *     left again)
     * @throws ClusterException if Hazelcast cannot start (e.g. the port is taken)
     */
    public static Worker start(ClusterSettings settings, int threads, PrintWriter log) {
        Objects.requireNonNull(settings, "settings");
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [1, 1024] but was " + threads + ".");
        }
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(HazelcastSetup.member(settings));
        } catch (RuntimeException e) {
            throw new ClusterException("cannot start a cluster member on " + settings.bind() + ":" + settings.port()
                    + " (" + rootMessage(e) + "); give another --port or --bind", e);
        }
        Signer signer = new Signer(settings.secret());
        Worker w;
        try {
            checkProof(hz, signer, settings);
            w = new Worker(hz, signer, threads, log);
            String offer = signer.sign(Protocol.KIND_WORKER, new Protocol.WorkerOffer(w.member, threads, w.address)
                    .json());
            HazelcastSetup.retried(() -> hz.<String, String>getMap(Protocol.WORKERS).put(w.member, offer));
        } catch (ClusterException e) {
            hz.getLifecycleService().terminate();
            throw e;
        } catch (RuntimeException e) {
            hz.getLifecycleService().terminate(); // or its threads keep a process alive that does nothing
            throw new ClusterException("joined cluster '" + settings.name() + "' but could not register with it ("
                    + rootMessage(e) + "); start the worker again", e);
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(w::loop, "gradforge-worker-" + (i + 1));
            w.loops.add(t);
            t.start();
        }
        return w;
    }

    /**
     * Makes sure the cluster's proof verifies with our secret; the first member of a cluster writes it. A member
     * without the secret learns so at once instead of idling in a cluster that ignores it.
     */
    static void checkProof(HazelcastInstance hz, Signer signer, ClusterSettings settings) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        IMap<String, String> auth = hz.getMap(Protocol.AUTH);
        String ours = signer.sign(Protocol.KIND_PROOF, HexFormat.of().formatHex(nonce));
        HazelcastSetup.retried(() -> auth.putIfAbsent(Protocol.PROOF, ours));
        if (signer.open(Protocol.KIND_PROOF, HazelcastSetup.retried(() -> auth.get(Protocol.PROOF))) == null) {
            throw new ClusterException.WrongSecret("cluster '" + settings.name() + "' (" + hz.getCluster()
                    .getMembers().size() + " members, joined through " + (settings.members().isEmpty() ? "this host"
                    : String.join(",", settings.members())) + ") refused this process: its secret differs; give the "
                    + "same --secret (or " + ClusterSettings.SECRET_ENV + ") as the cluster's other members");
        }
    }

    /** This member's Hazelcast UUID. */
    public String member() {
        return member;
    }

    /** The {@code host:port} this member listens on. */
    public String address() {
        return address;
    }

    public int threads() {
        return threads;
    }

    /** Members in the cluster now (this one included). */
    public int clusterSize() {
        return hazelcast.getCluster().getMembers().size();
    }

    /** Evaluations this worker has finished and sent. */
    public long evaluated() {
        return evaluated.get();
    }

    /** Blocks until {@link #close()} or the member is shut down. */
    public void awaitShutdown() throws InterruptedException {
        for (Thread t : loops) t.join();
    }

    private void loop() {
        while (running) {
            String message;
            try {
                long seen = arrivals.count();
                message = work.poll();
                if (message == null) {
                    arrivals.await(seen);
                    continue;
                }
            } catch (InterruptedException | HazelcastInstanceNotActiveException e) {
                if (running) warn("evaluation thread stopped (" + e + ")");
                return;
            } catch (RuntimeException e) {
                // the queue's partition is moving (a member joined or left) or a call timed out: ask again
                if (running) warn("could not take a task (" + rootMessage(e) + "); retrying");
                continue;
            }
            String payload = signer.open(Protocol.KIND_TASK, message);
            if (payload == null) {
                warn("ignored a task with a bad signature (a member without the secret?)");
                continue;
            }
            try {
                Protocol.Task task = Protocol.Task.parse(payload);
                Protocol.Result result = run(task);
                if (result == null) continue;
                hazelcast.<String>getQueue(Protocol.RESULTS_PREFIX + task.job())
                        .offer(signer.sign(Protocol.KIND_RESULT, result.json()));
                if (result.outcome() != null) evaluated.incrementAndGet();
            } catch (HazelcastInstanceNotActiveException e) {
                return; // shutting down: the driver gives the task to another worker
            } catch (RuntimeException | Error e) {
                warn("dropped a task (" + e + ")");
            }
        }
    }

    /** The result of {@code task}, or null when its job is gone (the driver finished or was stopped). */
    private Protocol.@Nullable Result run(Protocol.Task task) {
        Job job = job(task.job());
        if (job == null) return null;
        if (job.evaluator() == null) {
            return new Protocol.Result(task.job(), task.task(), member, null, job.refused());
        }
        Candidate c;
        try {
            c = Candidate.of(task.search(), SpecReader.experimentFromString(task.canonical(), "task"));
        } catch (SpecException e) {
            return new Protocol.Result(task.job(), task.task(), member, null, "the candidate's spec does not read "
                    + "on worker " + address + " (" + rootMessage(e) + "; another Gradforge version?)");
        }
        if (!c.canonical().equals(task.canonical())) {
            return new Protocol.Result(task.job(), task.task(), member, null, "the candidate's spec does not read "
                    + "back the same on this worker (another Gradforge version?)");
        }
        Outcome outcome;
        try {
            outcome = job.evaluator().evaluate(c, task.seed(), task.rung(), () -> !running);
        } catch (CancellationException e) {
            return null;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // as a local search records a failed evaluation (RunState)
            outcome = Outcome.failed(e, (long) c.experiment().network().shape().parameters());
        }
        return new Protocol.Result(task.job(), task.task(), member, outcome, null);
    }

    private synchronized @Nullable Job job(String id) {
        Job job = jobs.get(id);
        if (job != null) return job;
        String payload = signer.open(Protocol.KIND_JOB, hazelcast.<String, String>getMap(Protocol.JOBS).get(id));
        if (payload == null) return null;
        try {
            SearchSpec spec = SpecReader.searchFromString(Protocol.jobSpec(payload), "job " + id);
            SpecCompiler.checkDataFiles(spec.training().data(), null);
            job = new Job(TrainingEvaluator.of(spec, null), null);
            log("job " + id + ": evaluating candidates of '" + spec.name() + "'");
        } catch (Exception e) {
            job = new Job(null, "worker " + address + " cannot evaluate this search: " + rootMessage(e));
            warn(job.refused());
        }
        jobs.put(id, job);
        if (jobs.size() > JOBS_KEPT) jobs.remove(jobs.keySet().iterator().next());
        return job;
    }

    private void log(String line) {
        synchronized (log) {
            log.println("gradforge worker: " + line);
            log.flush();
        }
    }

    private void warn(String line) {
        log("warning: " + line);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** The member, for tests. */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Dies as a killed process would: no goodbye, the offer stays behind. For tests. */
    void crash() {
        running = false;
        hazelcast.getLifecycleService().terminate();
    }

    /** Stops taking tasks and leaves the cluster; tasks in progress are abandoned (the driver reassigns them). */
    @Override
    public void close() {
        running = false;
        try {
            hazelcast.<String, String>getMap(Protocol.WORKERS).remove(member);
        } catch (RuntimeException e) {
            // already down
        }
        hazelcast.getLifecycleService().terminate();
        for (Thread t : loops) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
