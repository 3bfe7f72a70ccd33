package io.gradforge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the cluster tests share: the spec, free ports, and comparing two run directories. */
public final class ClusterTestSupport {
    public static final String SECRET = "test-secret-0123456789";

    private ClusterTestSupport() {}

    /** specs/quickstart.yaml with a smaller budget (from a module directory, as Maven runs tests). */
    public static SearchSpec quickstart(long maxEvaluations) throws IOException {
        SearchSpec q = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        return q.withBudget(new BudgetSpec(maxEvaluations, null, true, false));
    }

    /** A port nothing listens on now (other processes on this machine run clusters too: never 5701). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static ClusterSettings settings(String name, String secret, List<String> members, int port) {
        return new ClusterSettings(name, secret, members, "127.0.0.1", port, true, false);
    }

    /** Where workers and driver say what happens: stderr, into the test report. */
    public static PrintWriter sink() {
        return new PrintWriter(System.err, true);
    }

    /**
     * Journaled evaluations by (rung, canonical), without what may differ between runs (duration, checksum),
     * after checking no evaluation is journaled twice.
     */
    public static Map<String, String> journal(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
            JsonNode n = Protocol.JSON.readTree(line);
            if (!n.get("type").stringValue().equals("evaluation")) continue;
            ObjectNode o = (ObjectNode) n;
            o.remove("duration_ms");
            o.remove("crc32");
            String key = o.get("rung").intValue() + "\n" + o.get("canonical").stringValue();
            String previous = out.put(key, o.toString());
            assertEquals(null, previous, "journaled twice: " + o.get("candidate"));
        }
        return out;
    }

    /** Asserts two runs journaled the same results and wrote the same best.yaml and front.csv, byte for byte. */
    public static void assertSameRun(Path expected, Path actual) throws IOException {
        assertEquals(journal(expected), journal(actual));
        assertEquals(Files.readString(expected.resolve("best.yaml")), Files.readString(actual.resolve("best.yaml")));
        assertEquals(Files.readString(expected.resolve("front.csv")), Files.readString(actual.resolve("front.csv")));
    }
}
