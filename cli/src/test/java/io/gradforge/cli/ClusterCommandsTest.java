package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradforge.cluster.ClusterSettings;
import io.gradforge.cluster.Worker;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker} and {@code search --cluster} from the command line, against workers in this JVM. */
class ClusterCommandsTest {
    private static final String SECRET = "cli-test-secret-0123456";

    @TempDir
    Path tmp;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Worker worker(String name, int port, List<String> join) {
        return Worker.start(new ClusterSettings(name, SECRET, join, "127.0.0.1", port, true, false), 1,
                new PrintWriter(System.err, true));
    }

    /** Slow: two searches of 40 candidates, one through the cluster. */
    @Test
    @Tag("slow")
    void aClusterSearchWritesTheLocalSearchsBestAndFront() throws Exception {
        Path spec = new SearchCommandTest().smallQuickstartIn(tmp);
        int port = freePort();
        try (Worker a = worker("cli-same", port, List.of());
                Worker b = worker("cli-same", freePort(), List.of("127.0.0.1:" + port))) {
            var local = gradforge("search", spec.toString(), "--out", tmp.resolve("local").toString(), "-q");
            assertEquals(0, local.code(), local.err());
            var cluster = gradforge("search", spec.toString(), "--out", tmp.resolve("cluster").toString(), "-q",
                    "--cluster", "127.0.0.1:" + port, "--cluster-name", "cli-same", "--secret", SECRET);
            assertEquals(0, cluster.code(), cluster.err());
            assertTrue(a.evaluated() + b.evaluated() > 0, "the workers evaluated");
        }
        for (String file : List.of("best.yaml", "front.csv")) {
            assertEquals(Files.readString(tmp.resolve("local").resolve(file)),
                    Files.readString(tmp.resolve("cluster").resolve(file)), file);
        }
    }

    @Test
    void aWorkerWithAnotherSecretExitsTwoWithOneLine() throws Exception {
        int port = freePort();
        try (Worker a = worker("cli-secret", port, List.of())) {
            var r = gradforge("worker", "--join", "127.0.0.1:" + port, "--port", Integer.toString(freePort()),
                    "--cluster-name", "cli-secret", "--secret", "another-secret-0123456");
            assertEquals(2, r.code());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("refused this process: its secret differs"), r.err());
            assertEquals(1, a.clusterSize() > 1 ? waitAlone(a) : 1, "the refused worker left");
        }
    }

    private static int waitAlone(Worker a) throws InterruptedException {
        for (int i = 0; i < 50 && a.clusterSize() > 1; i++) Thread.sleep(100);
        return a.clusterSize();
    }

    @Test
    void clusterOptionsAreCheckedBeforeAnyWork() throws Exception {
        Path spec = new SearchCommandTest().smallQuickstartIn(tmp);
        var lone = gradforge("search", spec.toString(), "--secret", SECRET, "--out", tmp.resolve("x").toString());
        assertEquals(2, lone.code());
        assertTrue(lone.err().contains("--cluster-name and --secret go with --cluster"), lone.err());
        var shortSecret = gradforge("worker", "--secret", "short");
        assertEquals(2, shortSecret.code());
        assertTrue(shortSecret.err().contains("at least 16 characters but had 5"), shortSecret.err());
        var badAddress = gradforge("search", spec.toString(), "--cluster", "127.0.0.1:99999", "--secret", SECRET);
        assertEquals(2, badAddress.code());
        assertTrue(badAddress.err().contains("'127.0.0.1:99999' has no valid port"), badAddress.err());
        assumeTrue(System.getenv(ClusterSettings.SECRET_ENV) == null, "the environment gives a secret");
        var noSecret = gradforge("search", spec.toString(), "--cluster", "127.0.0.1:5701");
        assertEquals(2, noSecret.code());
        assertTrue(noSecret.err().contains("a cluster needs a shared secret"), noSecret.err());
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing written");
    }
}
