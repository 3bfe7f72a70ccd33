package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradforge.cluster.ClusterSettings;
import io.gradforge.cluster.Worker;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search daemon: a command run in it prints, writes and exits as in a JVM of its own; it serves one command at
 * a time and tells a second client to run itself; Ctrl-C and a client that goes away wind the search down with its
 * outputs written; a real daemon process started by a client serves, then stops when asked.
 */
class DaemonTest {
    @TempDir
    Path tmp;

    private Path socket;
    private Daemon daemon;
    private Thread serving;

    @BeforeEach
    void startDaemon() throws IOException {
        socket = tmp.resolve("daemons").resolve("test.sock");
        daemon = Daemon.open(socket, Duration.ofMinutes(5), tmp.resolve("none.jar"));
        assertNotNull(daemon);
        serving = Thread.ofPlatform().name("test-daemon").start(daemon::serve);
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        daemon.stop();
        serving.join(60_000);
        assertFalse(serving.isAlive(), "the daemon stopped");
        assertFalse(Files.exists(socket), "its socket is gone");
    }

    record Run(int code, String out, String err) {}

    private Run viaDaemon(String... args) {
        return viaDaemon(Map.of(), args);
    }

    /** Runs {@code args} in the daemon as a client whose environment is {@code environment}. */
    private Run viaDaemon(Map<String, String> environment, String... args) {
        SocketChannel ch = DaemonProtocol.connect(socket);
        assertNotNull(ch, "the daemon listens");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DaemonClient.run(ch, args, environment, false, out, err, socket);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path smallSearch() throws Exception {
        return new SearchCommandTest().smallQuickstartIn(tmp);
    }

    /** A search that runs for many seconds unless stopped: the quickstart with a large budget. */
    private Path longSearch() throws Exception {
        SearchSpec s = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        Path file = tmp.resolve("long.yaml");
        SpecWriter.write(s.withBudget(new BudgetSpec(5_000, null, true, false)).withParallelism(1), file);
        return file;
    }

    private static String normalized(String out, Path runDirectory) {
        return out.replace(runDirectory.toString(), "RUN").replaceAll(" in \\d+\\.\\ds", " in Ts");
    }

    @Test
    void aSearchInTheDaemonPrintsWritesAndExitsAsInAJvmOfItsOwnAndTheDaemonServesTheNext() throws Exception {
        Path spec = smallSearch();
        SearchCommandTest.Run direct = SearchCommandTest.gradforge("search", spec.toString(), "--out",
                tmp.resolve("direct").toString());
        assertEquals(0, direct.code(), direct.err());
        for (String run : List.of("first", "second")) {
            Run r = viaDaemon("search", spec.toString(), "--out", tmp.resolve(run).toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(normalized(direct.out(), tmp.resolve("direct")), normalized(r.out(), tmp.resolve(run)));
            for (String file : List.of("front.csv", "best.yaml", "search.yaml")) {
                assertEquals(Files.readString(tmp.resolve("direct").resolve(file)),
                        Files.readString(tmp.resolve(run).resolve(file)), file);
            }
        }
        assertTrue(status().contains(", 2 commands,"), status());
        // a bad command is answered as in a JVM of its own: exit 2 and the message on stderr
        Run bad = viaDaemon("search", tmp.resolve("missing.yaml").toString());
        assertEquals(Failures.BAD_INPUT, bad.code());
        assertEquals(SearchCommandTest.gradforge("search", tmp.resolve("missing.yaml").toString()).err(), bad.err());
    }

    /**
     * A cluster search's driver runs in the daemon too: the secret and cluster name come from the client's
     * environment (the daemon's own is its first client's), and the result is the local search's.
     */
    @Test
    void aClusterSearchInTheDaemonTakesTheClientsSecretAndWritesTheLocalResult() throws Exception {
        assumeTrue(System.getenv(ClusterSettings.SECRET_ENV) == null, "the environment gives a secret");
        Path spec = smallSearch();
        SearchCommandTest.Run local = SearchCommandTest.gradforge("search", spec.toString(), "--out",
                tmp.resolve("local").toString(), "-q");
        assertEquals(0, local.code(), local.err());
        String secret = "daemon-test-secret-0123";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Worker w = Worker.start(new ClusterSettings("daemon-test", secret, List.of(), "127.0.0.1", port, true,
                false), 1, new PrintWriter(System.err, true))) {
            String[] args = {"search", spec.toString(), "--out", tmp.resolve("cluster").toString(), "-q",
                    "--cluster", "127.0.0.1:" + port};
            Run without = viaDaemon(args);
            assertEquals(Failures.BAD_INPUT, without.code(), without.err());
            assertTrue(without.err().contains("a cluster needs a shared secret"), without.err());

            Run r = viaDaemon(Map.of(ClusterSettings.SECRET_ENV, secret, ClusterSettings.NAME_ENV, "daemon-test",
                    "UNRELATED", "not sent"), args);
            assertEquals(0, r.code(), r.err());
            assertTrue(w.evaluated() > 0, "the worker evaluated");
        }
        for (String file : List.of("best.yaml", "front.csv")) {
            assertEquals(Files.readString(tmp.resolve("local").resolve(file)),
                    Files.readString(tmp.resolve("cluster").resolve(file)), file);
        }
        assertEquals(Map.of(ClusterSettings.SECRET_ENV, "s"),
                DaemonProtocol.forwarded(Map.of(ClusterSettings.SECRET_ENV, "s", "HOME", "/home/x")));
    }

    @Test
    void aSecondClientIsToldToRunItselfAndCtrlCOrAClientGoneEndTheSearchWithItsOutputsWritten() throws Exception {
        Path spec = longSearch();
        for (boolean gone : new boolean[] {false, true}) {
            Path dir = tmp.resolve(gone ? "gone" : "ctrl-c");
            Raw raw = request("search", spec.toString(), "--out", dir.toString());
            SocketChannel ch = raw.channel();
            DataOutputStream to = raw.to();
            DataInputStream from = raw.from();
            StringBuilder err = new StringBuilder();
            while (!err.toString().contains("gen 1 ")) err.append(frame(from, DaemonProtocol.ERR));

            Run second = viaDaemon("search", smallSearch().toString(), "--out", tmp.resolve("second").toString());
            assertEquals(DaemonClient.RUN_HERE, second.code());
            assertEquals("", second.out() + second.err(), "nothing printed: the launcher runs the command itself");
            assertFalse(Files.exists(tmp.resolve("second")));

            if (gone) {
                ch.close();
                for (int i = 0; i < 600 && !status().contains("idle"); i++) Thread.sleep(100);
                assertTrue(status().contains("idle"), status());
            } else {
                to.writeByte(DaemonProtocol.INTERRUPT);
                to.flush();
                for (byte kind; (kind = from.readByte()) != DaemonProtocol.EXIT; ) {
                    byte[] b = from.readNBytes(from.readInt());
                    if (kind == DaemonProtocol.ERR) err.append(new String(b, StandardCharsets.UTF_8));
                }
                assertEquals(0, from.readInt());
                assertTrue(err.toString().contains("search interrupted; every finished evaluation is journaled"),
                        err.toString());
                ch.close();
            }
            String summary = Files.readString(dir.resolve("summary.json"));
            assertTrue(summary.contains("\"stop\" : \"cancelled\""), summary);
            long journaled = SearchCommandTest.evaluationLines(dir.resolve("journal.jsonl"));
            assertTrue(journaled >= 10 && journaled < 5_000, "evaluations journaled: " + journaled);
            assertEquals(journaled + 1, Files.readAllLines(dir.resolve("evaluations.csv")).size(),
                    "every journaled evaluation is in the outputs");
        }
        assertTrue(status().contains(", 2 commands,"), status());
    }

    @Test
    void ctrlCStopsATrainingInTheDaemonAfterItsCurrentStepWithItsOutputsWritten() throws Exception {
        Path dir = tmp.resolve("trained");
        // the quickstart's training without its target loss, which would end it in a fraction of a second
        Path spec = Files.writeString(tmp.resolve("endless.yaml"), Files.readString(
                Path.of("..", "specs", "quickstart-train.yaml")).replaceAll("(?m)^\\s*target_loss:.*\n", ""));
        assertFalse(Files.readString(spec).contains("target_loss"));
        Raw raw = request("train", spec.toString(), "--steps", "1000000", "--out", dir.toString());
        SocketChannel ch = raw.channel();
        DataOutputStream to = raw.to();
        DataInputStream from = raw.from();
        StringBuilder out = new StringBuilder(frame(from, DaemonProtocol.OUT)); // the header: training has begun
        Thread.sleep(300);
        to.writeByte(DaemonProtocol.INTERRUPT);
        to.flush();
        for (byte kind; (kind = from.readByte()) != DaemonProtocol.EXIT; ) {
            byte[] b = from.readNBytes(from.readInt());
            if (kind == DaemonProtocol.OUT) out.append(new String(b, StandardCharsets.UTF_8));
        }
        int code = from.readInt();
        ch.close();
        long steps = Files.readAllLines(dir.resolve("loss.csv")).size() - 1;
        assertTrue(steps > 0 && steps < 1_000_000, steps + " steps; exit " + code + "\n" + out);
        assertTrue(Files.exists(dir.resolve("checkpoint.json")), out.toString());
    }

    @Test
    void aClientStartsADaemonProcessThatServesAndStopsWhenAsked() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC");
        Path dir = tmp.resolve("own");
        Path own = dir.resolve(DaemonProtocol.key(command, Path.of(System.getProperty("java.class.path")), tmp)
                + ".sock");
        SocketChannel ch = DaemonClient.connectOrStart(own, command, Path.of(System.getProperty("java.class.path")),
                1);
        assertNotNull(ch, "the daemon came up; its log: " + Daemon.logFile(own));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DaemonClient.run(ch, new String[] {"validate", Path.of("..", "specs", "quickstart.yaml")
                .toAbsolutePath().toString()}, Map.of(), false, out, err, own);
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("ok  "), out.toString());
        System.setProperty("gradforge.daemon.dir", dir.toString());
        try {
            SearchCommandTest.Run list = SearchCommandTest.gradforge("daemon");
            assertTrue(list.out().contains(own + ": pid "), list.out());
            SearchCommandTest.Run stop = SearchCommandTest.gradforge("daemon", "--stop");
            assertEquals(0, stop.code());
            assertTrue(stop.out().contains("stop " + own + ": stopped"), stop.out());
            for (int i = 0; i < 100 && Files.exists(own); i++) Thread.sleep(100);
            assertFalse(Files.exists(own), "the stopped daemon removed its socket");
            assertEquals("no daemon runs (" + dir + ")\n", SearchCommandTest.gradforge("daemon").out());
        } finally {
            System.clearProperty("gradforge.daemon.dir");
        }
        assertTrue(Files.readString(Daemon.logFile(own)).contains("ran validate "), "the daemon logs its commands");
    }

    @Test
    void aDaemonThatCannotStartIsGivenUpAtOnceAndLeavesNoCopyOfTheJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Files.writeString(tmp.resolve("fake.jar"), "not a jar");
        Path bad = tmp.resolve("bad").resolve("b.sock");
        long t0 = System.nanoTime();
        assertNull(DaemonClient.connectOrStart(bad, List.of(java, "-XX:+NoSuchOption"), jar, 1));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "given up when the JVM failed, not after the timeout");
        assertFalse(Files.exists(Daemon.jarCopy(bad)), "the copy of the jar is gone");
        assertTrue(Files.readString(Daemon.logFile(bad)).contains("NoSuchOption"), "the log says why");
    }

    @Test
    void aDaemonDirectoryOtherUsersCanEnterIsRefusedAndLeftAsItIs() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> DaemonProtocol.createPrivate(shared));
        assertEquals(shared + " is open to other users (rwxr-xr-x); a daemon's directory must be rwx------ (chmod 700 "
                + shared + ", or name another with GRADFORGE_DAEMON_DIR)", e.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        Path fresh = tmp.resolve("a").resolve("fresh");
        DaemonProtocol.createPrivate(fresh);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        // a second daemon on the same socket steps aside for the first
        assertNull(Daemon.open(socket, Duration.ofMinutes(1), tmp.resolve("none.jar")));
    }

    @Test
    void aDaemonThatGoesAwayBeforeTheCommandPrintsLeavesTheCommandToTheLauncher() throws Exception {
        Path dying = tmp.resolve("dying.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dying));
            Thread t = Thread.ofPlatform().start(() -> {
                try (SocketChannel accepted = server.accept()) {
                    new DataInputStream(Channels.newInputStream(accepted)).readInt(); // then hangs up
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            SocketChannel ch = DaemonProtocol.connect(dying);
            assertNotNull(ch);
            assertEquals(DaemonClient.RUN_HERE, DaemonClient.run(ch, new String[] {"train", "x.yaml"}, Map.of(), false,
                    out, err, dying));
            assertEquals("", out.toString() + err);
            t.join();
        }
    }

    @Test
    void eachJavaCommandJarAndWorkingDirectoryHasADaemonOfItsOwn() throws Exception {
        Path jar = Files.writeString(tmp.resolve("g.jar"), "jar");
        String k = DaemonProtocol.key(List.of("java", "-Xmx1g"), jar, tmp);
        assertEquals(16, k.length());
        assertEquals(k, DaemonProtocol.key(List.of("java", "-Xmx1g"), jar, tmp));
        assertNotEquals(k, DaemonProtocol.key(List.of("java", "-Xmx2g"), jar, tmp));
        assertNotEquals(k, DaemonProtocol.key(List.of("java", "-Xmx1g"), jar, tmp.resolve("other")));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertNotEquals(k, DaemonProtocol.key(List.of("java", "-Xmx1g"), jar, tmp), "a rebuilt jar");
    }

    /** A connection that has asked the daemon to run {@code args}, read and written frame by frame by the test. */
    private record Raw(SocketChannel channel, DataOutputStream to, DataInputStream from) {}

    private Raw request(String... args) throws IOException {
        SocketChannel ch = DaemonProtocol.connect(socket);
        assertNotNull(ch);
        DataOutputStream to = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
        DaemonProtocol.writeRun(to, false, "UTF-8", "UTF-8", Map.of(), args);
        return new Raw(ch, to, new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch))));
    }

    /** One frame of {@code kind} as text; fails on another kind. */
    private static String frame(DataInputStream from, byte kind) throws IOException {
        byte got = from.readByte();
        byte[] b = from.readNBytes(from.readInt());
        if (got != kind && got != DaemonProtocol.OUT) throw new AssertionError("frame " + (char) got);
        return got == kind ? new String(b, StandardCharsets.UTF_8) : "";
    }

    private String status() {
        String answer = DaemonProtocol.ask(socket, DaemonProtocol.STATUS);
        assertNotNull(answer, "the daemon answers");
        return answer;
    }
}
