package io.gradforge.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A JVM that stays up between the commands that train ({@code search} without {@code --cluster}, {@code tabulate},
 * {@code train}, {@code diagnose}) and runs them for {@link DaemonClient}s, so that only the first of a session pays
 * the JIT's warm-up (its kernels compiled to vector code: half of a cold quickstart search's time) and the JVM's
 * start. It runs one command at a time, exactly as a JVM of its own would (same outputs bit for bit: the kernels
 * give the same result compiled or not), with the client's working directory, terminal and Ctrl-C; a second client
 * while one runs is told it is busy and runs in its own JVM.
 *
 * <p>It listens on a Unix domain socket in a directory only its user can read ({@link DaemonProtocol}); it ignores
 * the terminal's Ctrl-C and hang-up (a client forwards its own) and exits when idle for its idle time, when its
 * jar changes (a rebuilt jar gets a daemon of its own), or when {@code gradforge daemon --stop} asks.
 *
 * {@snippet lang = "shell" :
 * java -cp COPY_OF_gradforge.jar io.gradforge.cli.Daemon SOCKET IDLE_MINUTES path/to/gradforge.jar
 * }
 */
public final class Daemon {
    private final ServerSocketChannel server;
    private final Path socket;
    private final Duration idle;
    private final Path classPath;
    private final @Nullable FileTime classPathTime;
    private final Instant started = Instant.now();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Instant lastUsed = started;
    private volatile boolean stopping;
    private volatile int served;

    private Daemon(ServerSocketChannel server, Path socket, Duration idle, Path classPath) throws IOException {
        this.server = server;
        this.socket = socket;
        this.idle = idle;
        this.classPath = classPath;
        this.classPathTime = Files.isRegularFile(classPath) ? Files.getLastModifiedTime(classPath) : null;
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java -cp gradforge.jar io.gradforge.cli.Daemon SOCKET IDLE_MINUTES WATCHED_JAR");
            System.exit(2);
        }
        ignoreTerminalSignals();
        try {
            Daemon d = open(Path.of(args[0]), Duration.ofMinutes(Long.parseLong(args[1])), Path.of(args[2]));
            if (d == null) {
                System.err.println("gradforge daemon: another daemon listens on " + args[0] + "; exiting");
                System.exit(0);
            }
            d.serve();
        } catch (IOException | RuntimeException e) {
            System.err.println("gradforge daemon: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * A daemon bound to {@code socket}, or null when another daemon already listens there (a stale socket file,
     * left by a daemon that was killed, is replaced).
     */
    static @Nullable Daemon open(Path socket, Duration idle, Path classPath) throws IOException {
        DaemonProtocol.createPrivate(socket.toAbsolutePath().getParent());
        SocketChannel other = DaemonProtocol.connect(socket);
        if (other != null) {
            other.close();
            return null;
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new Daemon(server, socket, idle, classPath);
    }

    /** Serves clients until stopped, idle for the idle time, or the jar changed; then removes the socket. */
    void serve() {
        log("listening on " + socket + " (working directory " + Path.of("").toAbsolutePath() + ", idle time "
                + idle.toMinutes() + " min)");
        Thread watchdog = Thread.ofPlatform().daemon().name("gradforge-daemon-idle").start(this::watch);
        try {
            while (!stopping) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException closed) {
                    break;
                } catch (IOException e) {
                    log("accept failed: " + e);
                    continue;
                }
                Thread.ofPlatform().name("gradforge-daemon-request").start(() -> handle(client));
            }
        } finally {
            stop();
            watchdog.interrupt();
            while (busy.get()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            log("stopped after " + served + " command" + (served == 1 ? "" : "s"));
        }
    }

    /** Stops accepting clients (a running command finishes) and removes the socket. */
    void stop() {
        stopping = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(DaemonClient.startLock(socket));
            Files.deleteIfExists(jarCopy(socket)); // this JVM keeps the file open: Linux frees it when the JVM exits
        } catch (IOException e) {
            log("could not remove " + socket + ": " + e);
        }
    }

    private void watch() {
        while (!stopping) {
            try {
                Thread.sleep(Math.max(50, Math.min(5_000, idle.toMillis() / 10)));
            } catch (InterruptedException e) {
                return;
            }
            if (busy.get()) continue;
            if (Duration.between(lastUsed, Instant.now()).compareTo(idle) >= 0) {
                log("idle for " + idle.toMinutes() + " min");
                stop();
            } else if (classPathChanged()) {
                log(classPath + " changed");
                stop();
            }
        }
    }

    private boolean classPathChanged() {
        if (classPathTime == null) return false;
        try {
            return !Files.isRegularFile(classPath) || !Files.getLastModifiedTime(classPath).equals(classPathTime);
        } catch (IOException e) {
            return true;
        }
    }

    private void handle(SocketChannel channel) {
        try (channel) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            byte kind;
            try {
                if (in.readInt() != DaemonProtocol.MAGIC) return;
                kind = in.readByte();
            } catch (EOFException e) {
                return; // a client that only checked that a daemon listens
            }
            if (kind == DaemonProtocol.STATUS) {
                out.writeUTF(status());
                out.flush();
            } else if (kind == DaemonProtocol.STOP) {
                out.writeUTF(busy.get() ? "stops after the running command" : "stopped");
                out.flush();
                log("asked to stop");
                stop();
            } else if (kind == DaemonProtocol.RUN) {
                boolean terminal = in.readBoolean();
                Charset outEncoding = charset(in.readUTF());
                Charset errEncoding = charset(in.readUTF());
                Map<String, String> environment = DaemonProtocol.readEnvironment(in);
                String[] args = DaemonProtocol.readArguments(in);
                if (!busy.compareAndSet(false, true)) {
                    out.writeByte(DaemonProtocol.BUSY);
                    out.flush();
                    return;
                }
                DaemonProtocol.Frames frames = new DaemonProtocol.Frames(out);
                int code;
                try {
                    code = run(args, environment, terminal, outEncoding, errEncoding, in, frames);
                } finally {
                    lastUsed = Instant.now();
                    busy.set(false); // before the exit code, so the client's next command finds the daemon free
                }
                frames.exit(code);
            }
        } catch (IOException e) {
            log("a client's request failed: " + e);
        }
    }

    /** Runs one command for a client; returns its exit code. */
    private int run(String[] args, Map<String, String> environment, boolean terminal, Charset outEncoding,
            Charset errEncoding, DataInputStream in, DaemonProtocol.Frames frames) {
        PrintStream errStream = new PrintStream(new DaemonProtocol.FrameStream(frames, DaemonProtocol.ERR), true,
                errEncoding);
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(
                new DaemonProtocol.FrameStream(frames, DaemonProtocol.OUT), outEncoding), true);
        PrintWriter stderr = new PrintWriter(errStream, true);
        DaemonSession session = new DaemonSession(terminal, errStream, environment);
        AtomicBoolean done = new AtomicBoolean();
        // Ctrl-C arrives as a byte; the client gone (killed, or its terminal closed) counts as Ctrl-C too, so the
        // command winds down and writes its outputs as it would in a JVM of its own
        Thread.ofPlatform().daemon().name("gradforge-daemon-client").start(() -> {
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    if (b == DaemonProtocol.INTERRUPT) session.interrupt();
                }
            } catch (IOException e) {
                // the connection closed: the same as end of input below
            }
            if (!done.get()) session.interrupt();
        });
        long t0 = System.nanoTime();
        int code;
        DaemonSession.begin(session);
        try {
            code = Main.run(args, stdout, stderr);
        } catch (RuntimeException | StackOverflowError e) {
            stderr.println("gradforge: internal error: " + e + " (the daemon's log: " + logFile(socket) + ")");
            e.printStackTrace();
            code = Failures.RUN_FAILED;
        } finally {
            done.set(true);
            DaemonSession.end();
            stdout.flush();
            stderr.flush();
        }
        served++;
        log(String.format(Locale.ROOT, "ran %s: exit %d, %.2f s", String.join(" ", args), code,
                (System.nanoTime() - t0) / 1e9));
        return code;
    }

    /** The client's encoding, or UTF-8 when this JVM does not know it. */
    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private String status() {
        Instant now = Instant.now();
        return String.format(Locale.ROOT, "pid %d, %s, %s, up %s, %d command%s, working directory %s",
                ProcessHandle.current().pid(), busy.get() ? "running a command" : "idle for "
                        + minutes(Duration.between(lastUsed, now)) + " (stops after " + minutes(idle) + ")",
                Runtime.version(), minutes(Duration.between(started, now)), served, served == 1 ? "" : "s",
                Path.of("").toAbsolutePath());
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : s / 60 + " min";
    }

    /** The copy of the jar the daemon listening on {@code socket} runs from: beside it, {@code KEY.jar}. */
    static Path jarCopy(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replaceFirst("\\.sock$", "") + ".jar");
    }

    /** The log of the daemon listening on {@code socket}: beside it, {@code KEY.log}. */
    static Path logFile(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.replaceFirst("\\.sock$", "") + ".log");
    }

    private static void log(String message) {
        System.err.println(Instant.now() + " gradforge daemon: " + message);
    }

    /** The terminal's Ctrl-C and hang-up reach the clients, which forward them; the daemon itself ignores them. */
    @SuppressWarnings("restriction")
    private static void ignoreTerminalSignals() {
        for (String name : new String[] {"INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not a POSIX platform, or the signal is in use: where setsid exists the daemon has a session of its own
            }
        }
    }
}
