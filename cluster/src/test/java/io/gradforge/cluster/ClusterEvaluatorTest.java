package io.gradforge.cluster;

import static io.gradforge.cluster.ClusterTestSupport.SECRET;
import static io.gradforge.cluster.ClusterTestSupport.assertSameRun;
import static io.gradforge.cluster.ClusterTestSupport.freePort;
import static io.gradforge.cluster.ClusterTestSupport.journal;
import static io.gradforge.cluster.ClusterTestSupport.quickstart;
import static io.gradforge.cluster.ClusterTestSupport.settings;
import static io.gradforge.cluster.ClusterTestSupport.sink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.collection.IQueue;
import com.hazelcast.map.IMap;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Evaluation;
import io.gradforge.search.Search;
import io.gradforge.search.SearchListener;
import io.gradforge.search.SearchResult;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers and driver in one JVM (members on 127.0.0.1, free ports): the fast set's cluster tests. */
class ClusterEvaluatorTest {
    @TempDir
    Path tmp;

    private final List<Worker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(Worker::close);
    }

    private Worker worker(String name, int port, List<String> join) {
        Worker w = Worker.start(settings(name, SECRET, join, port), 1, sink());
        workers.add(w);
        return w;
    }

    private SearchResult local(SearchSpec spec, Path dir) throws Exception {
        return Search.builder(spec).threads(2).runDirectory(dir).build().run();
    }

    /**
     * Slow (two searches). Open: in this test JVM one candidate (quickstart-ef4ba5aa) journals a final loss one ulp
     * apart (0.14937748011530094 on a worker, 0.149377480115301 locally), every run; the same search through the
     * same classes in a plain JVM (and every other candidate here) agrees bit for bit.
     */
    @Test
    @Tag("slow")
    void clusterSearchGivesTheLocalSearchsJournalBestAndFront() throws Exception {
        SearchSpec spec = quickstart(36);
        int port = freePort();
        Worker first = worker("t-same", port, List.of());
        Worker second = worker("t-same", freePort(), List.of("127.0.0.1:" + port));
        SearchResult expected = local(spec, tmp.resolve("local"));
        SearchResult actual;
        try (ClusterEvaluator cluster = ClusterEvaluator.connect(settings("t-same", SECRET,
                List.of("127.0.0.1:" + port), port), spec, 20_000, sink())) {
            actual = Search.builder(spec).evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT)
                    .runDirectory(tmp.resolve("cluster")).build().run();
        }
        assertEquals(expected.evaluations().size(), actual.evaluations().size());
        assertSameRun(tmp.resolve("local"), tmp.resolve("cluster"));
        assertTrue(first.evaluated() > 0 && second.evaluated() > 0,
                "both workers evaluated: " + first.evaluated() + ", " + second.evaluated());
        assertEquals(actual.executed(), first.evaluated() + second.evaluated());
    }

    /**
     * Slow: the lost member is noticed by Hazelcast, and on a loaded machine a task lost with it may wait for the
     * overdue check (30 s). A worker dies mid-search without a goodbye, another joins: the dead one's tasks go to the others, the new one
     * gets work, nothing is lost or journaled twice, and the run is the local run.
     */
    @Test
    @Tag("slow")
    void aLostWorkersTasksGoToTheOthersAndAJoiningWorkerGetsWork() throws Exception {
        SearchSpec spec = quickstart(36);
        int port = freePort();
        String join = "127.0.0.1:" + port;
        Worker doomed = worker("t-lost", port, List.of());
        Worker survivor = worker("t-lost", freePort(), List.of(join));
        local(spec, tmp.resolve("local"));
        AtomicInteger seen = new AtomicInteger();
        Worker[] late = new Worker[1];
        SearchResult actual;
        try (ClusterEvaluator cluster = ClusterEvaluator.connect(settings("t-lost", SECRET, List.of(join), port),
                spec, 20_000, sink())) {
            SearchListener listener = new SearchListener() {
                @Override
                public void onEvaluation(Evaluation e, boolean fromJournal) {
                    int n = seen.incrementAndGet();
                    if (n == 4) doomed.crash();
                    if (n == 8) {
                        try {
                            late[0] = worker("t-lost", freePort(), List.of(join.replace(":" + port, ":"
                                    + survivor.address().substring(survivor.address().indexOf(':') + 1))));
                        } catch (java.io.IOException io) {
                            throw new java.io.UncheckedIOException(io);
                        }
                    }
                }
            };
            actual = Search.builder(spec).evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT).listener(listener)
                    .runDirectory(tmp.resolve("cluster")).build().run();
        }
        assertSameRun(tmp.resolve("local"), tmp.resolve("cluster"));
        assertEquals(journal(tmp.resolve("cluster")).size(), actual.evaluations().size());
        assertTrue(late[0] != null && late[0].evaluated() > 0, "the worker that joined mid-search got work");
    }

    @Test
    void aWorkerOrDriverWithAnotherSecretIsRefused() throws Exception {
        int port = freePort();
        worker("t-secret", port, List.of());
        ClusterException.WrongSecret e = assertThrows(ClusterException.WrongSecret.class, () -> Worker.start(
                settings("t-secret", "another-secret-0123456", List.of("127.0.0.1:" + port), freePort()), 1,
                sink()));
        assertTrue(e.getMessage().contains("refused this process: its secret differs"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        for (int i = 0; i < 50 && workers.get(0).clusterSize() > 1; i++) Thread.sleep(100);
        assertEquals(1, workers.get(0).clusterSize(), "the refused member left");
        ClusterException.WrongSecret d = assertThrows(ClusterException.WrongSecret.class, () ->
                ClusterEvaluator.connect(settings("t-secret", "another-secret-0123456",
                        List.of("127.0.0.1:" + port), port), quickstart(10), 20_000, sink()));
        assertTrue(d.getMessage().contains("refused this driver"), d.getMessage());
    }

    /**
     * Takers wait for the member's item events, not for a poll: an item offered wakes a waiting taker (the count
     * rises only through an event), and the task and result queues keep no backup.
     */
    @Test
    void aTakerWaitingOnAnEmptyQueueHearsOfTheItemAdded() throws Exception {
        Worker w = worker("t-arrivals", freePort(), List.of());
        IQueue<String> queue = w.hazelcast().getQueue(Protocol.RESULTS_PREFIX + "t-arrivals");
        Arrivals arrivals = new Arrivals(queue);
        try {
            long seen = arrivals.count();
            assertNull(queue.poll());
            Thread.ofPlatform().start(() -> queue.offer("result"));
            for (int i = 0; i < 100 && arrivals.count() == seen; i++) arrivals.await(seen);
            assertEquals(seen + 1, arrivals.count(), "the item's event arrived");
            assertEquals("result", queue.poll());
        } finally {
            arrivals.close();
        }
        for (String name : List.of(Protocol.RESULTS_PREFIX + "job", Protocol.WORK_PREFIX + "member")) {
            assertEquals(0, w.hazelcast().getConfig().findQueueConfig(name).getTotalBackupCount(), name);
        }
    }

    record Smuggled(String payload) implements Serializable {}

    @Test
    void javaDeserializationIsRefused() throws Exception {
        Worker w = worker("t-serial", freePort(), List.of());
        IMap<String, Object> map = w.hazelcast().getMap("t-serial");
        map.put("x", new Smuggled("rce"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> map.get("x"));
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        assertTrue(root instanceof SecurityException, "refused by the filter: " + root);
    }
}
