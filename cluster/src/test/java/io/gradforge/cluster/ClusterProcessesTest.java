package io.gradforge.cluster;

import static io.gradforge.cluster.ClusterTestSupport.SECRET;
import static io.gradforge.cluster.ClusterTestSupport.assertSameRun;
import static io.gradforge.cluster.ClusterTestSupport.freePort;
import static io.gradforge.cluster.ClusterTestSupport.journal;
import static io.gradforge.cluster.ClusterTestSupport.quickstart;
import static io.gradforge.cluster.ClusterTestSupport.settings;
import static io.gradforge.cluster.ClusterTestSupport.sink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Evaluation;
import io.gradforge.search.Search;
import io.gradforge.search.SearchListener;
import io.gradforge.search.SearchResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers as separate JVMs on 127.0.0.1 (each its own JIT: the kernels' sums must not depend on it): the search's
 * results equal the local run's, a worker killed with SIGKILL mid-search loses nothing, a worker started
 * mid-search gets work, a killed driver's search resumes on the cluster, a worker with another secret exits 2 with
 * one line. Slow (JVM starts): -Pall-tests.
 */
@Tag("slow")
class ClusterProcessesTest {
    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process start(String name, int port, String secret, String... join) throws IOException {
        List<String> args = new ArrayList<>(List.of(name, Integer.toString(port), "1"));
        args.addAll(List.of(join));
        return java(WorkerProcess.class, args, secret, tmp.resolve("worker-" + port + ".err"));
    }

    private Process java(Class<?> main, List<String> args, String secret, Path err) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ClusterSettings.SECRET_ENV, secret);
        pb.redirectError(err.toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Two worker processes of cluster {@code name}, the first on {@code port}, both joined. */
    private List<Process> twoWorkers(String name, int port) throws Exception {
        Process first = start(name, port, SECRET);
        awaitReady(first);
        Process second = start(name, freePort(), SECRET, "127.0.0.1:" + port);
        awaitReady(second);
        return List.of(first, second);
    }

    /** Waits for a worker's "ready" line (a minute at most: a worker that cannot start must not hang the test). */
    private static void awaitReady(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String first;
        try {
            first = line.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            first = "nothing within 60 s";
        }
        assertTrue(first != null && first.startsWith("ready"), "worker did not start: " + first);
    }

    @Test
    void workerProcessesGiveTheLocalResultThroughAKillAndAJoin() throws Exception {
        SearchSpec spec = quickstart(40);
        int port = freePort();
        String join = "127.0.0.1:" + port;
        Process second = twoWorkers("p-run", port).get(1);
        Search.builder(spec).threads(2).runDirectory(tmp.resolve("local")).build().run();
        AtomicInteger seen = new AtomicInteger();
        List<Process> late = new ArrayList<>();
        SearchResult r;
        try (ClusterEvaluator cluster = ClusterEvaluator.connect(settings("p-run", SECRET, List.of(join), port),
                spec, 30_000, sink())) {
            SearchListener listener = new SearchListener() {
                @Override
                public void onEvaluation(Evaluation e, boolean fromJournal) {
                    int n = seen.incrementAndGet();
                    try {
                        if (n == 6) second.destroyForcibly(); // SIGKILL mid-generation
                        if (n == 10) late.add(start("p-run", freePort(), SECRET, join));
                    } catch (IOException io) {
                        throw new UncheckedIOException(io);
                    }
                }
            };
            r = Search.builder(spec).evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT).listener(listener)
                    .runDirectory(tmp.resolve("cluster")).build().run();
            assertTrue(cluster.reassigned() > 0 || second.waitFor(0, TimeUnit.SECONDS),
                    "the killed worker held work, or had none");
        }
        assertSameRun(tmp.resolve("local"), tmp.resolve("cluster"));
        assertEquals(journal(tmp.resolve("cluster")).size(), r.evaluations().size(), "nothing lost or duplicated");
        assertEquals(40, r.evaluations().size());
    }

    /**
     * The driver killed (SIGKILL) mid-search, its workers still busy with its tasks: the search resumed from its run
     * directory on the same cluster finishes with the local run's journal, best and front, nothing journaled twice.
     */
    @Test
    void aKilledDriverResumesOnTheClusterWithTheLocalResult() throws Exception {
        SearchSpec spec = quickstart(30);
        int port = freePort();
        String join = "127.0.0.1:" + port;
        twoWorkers("p-resume", port);
        Path run = tmp.resolve("cluster");
        Process driver = java(DriverProcess.class, List.of("p-resume", join, run.toString(), "30"), SECRET,
                tmp.resolve("driver.err"));
        Path journal = run.resolve("journal.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(journal) || Files.readAllLines(journal).stream()
                .filter(l -> l.contains("\"type\":\"evaluation\"")).count() < 10) {
            assertTrue(driver.isAlive(), "the driver ended early: " + Files.readString(tmp.resolve("driver.err")));
            assertTrue(System.nanoTime() < deadline, "the driver journaled too little in 3 minutes");
            Thread.sleep(20);
        }
        driver.destroyForcibly().waitFor();
        long before = journal(run).size();
        assertTrue(before >= 10 && before < 30, "killed mid-search: " + before + " evaluations journaled");

        Search.builder(spec).threads(2).runDirectory(tmp.resolve("local")).build().run();
        Search.Builder resumed = Search.resume(run);
        SearchResult r;
        try (ClusterEvaluator cluster = ClusterEvaluator.connect(settings("p-resume", SECRET, List.of(join), port),
                resumed.build().spec(), 30_000, sink())) {
            r = resumed.evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT).build().run();
        }
        assertSameRun(tmp.resolve("local"), run);
        assertEquals(30, r.evaluations().size());
        assertEquals(30, journal(run).size(), "nothing lost or journaled twice");
    }

    @Test
    void aWorkerProcessWithAnotherSecretExitsTwoWithOneLine() throws Exception {
        int port = freePort();
        Process first = start("p-secret", port, SECRET);
        awaitReady(first);
        int wrongPort = freePort();
        Process wrong = start("p-secret", wrongPort, "not-the-secret-0123456", "127.0.0.1:" + port);
        assertTrue(wrong.waitFor(60, TimeUnit.SECONDS), "the refused worker exits");
        assertEquals(2, wrong.exitValue());
        // the JVM's own warnings (incubator module; JDK 23+ on Hazelcast's sun.misc.Unsafe) are not ours
        List<String> err = Files.readAllLines(tmp.resolve("worker-" + wrongPort + ".err")).stream()
                .filter(l -> !l.startsWith("WARNING: ")).toList();
        assertEquals(1, err.size(), "one line: " + err);
        assertTrue(err.get(0).contains("refused this process: its secret differs"), err.get(0));
    }
}
