package io.gradforge.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's side of a {@link Daemon}: runs a command in the daemon for this working directory and jar,
 * starting the daemon first when none runs, and behaves as the command would in a JVM of its own: its stdout and
 * stderr, its exit code, Ctrl-C (forwarded; the command winds down and writes its outputs). Exits with
 * {@link #RUN_HERE} when the command should run in a JVM of its own instead (the daemon is busy with another
 * command, or could not start), before anything was printed; the launcher then does that.
 *
 * {@snippet lang = "shell" :
 * java -cp gradforge.jar io.gradforge.cli.DaemonClient N JAVA_COMMAND(N words) CLASS_PATH -- ARGS...
 * }
 * The java command (the JDK's {@code java} and its options) starts the daemon, with {@code CLASS_PATH}.
 */
public final class DaemonClient {
    /** The exit code that tells the launcher to run the command in a JVM of its own. */
    static final int RUN_HERE = 87;
    /** The exit code of a command interrupted by Ctrl-C, as a JVM of its own ends it (128 + SIGINT). */
    private static final int INTERRUPTED = 130;
    private static final long START_TIMEOUT_MS = 30_000;

    private DaemonClient() {}

    public static void main(String[] args) {
        int n;
        try {
            n = Integer.parseInt(args[0]);
        } catch (RuntimeException e) {
            System.err.println("usage: DaemonClient N JAVA_COMMAND(N words) CLASS_PATH -- ARGS...");
            System.exit(2);
            return;
        }
        if (args.length < n + 3 || !args[n + 2].equals("--")) {
            System.err.println("usage: DaemonClient N JAVA_COMMAND(N words) CLASS_PATH -- ARGS...");
            System.exit(2);
        }
        List<String> java = List.of(Arrays.copyOfRange(args, 1, n + 1));
        Path classPath = Path.of(args[n + 1]);
        String[] command = Arrays.copyOfRange(args, n + 3, args.length);
        int idleMinutes = idleMinutes();
        Path socket;
        SocketChannel channel;
        try {
            Path dir = DaemonProtocol.directory().toAbsolutePath();
            socket = dir.resolve(DaemonProtocol.key(java, classPath, Path.of("")) + ".sock");
            if (socket.toString().length() > DaemonProtocol.MAX_SOCKET_PATH) {
                System.exit(RUN_HERE); // too long for a Unix domain socket: GRADFORGE_DAEMON_DIR can shorten it
            }
            channel = connectOrStart(socket, java, classPath, idleMinutes);
        } catch (IOException e) {
            System.err.println("gradforge: note: no daemon (" + e.getMessage() + "); running in a JVM of its own");
            System.exit(RUN_HERE);
            return;
        }
        if (channel == null) {
            System.err.println("gradforge: note: the daemon did not start (its log: " + Daemon.logFile(socket)
                    + "); running in a JVM of its own");
            System.exit(RUN_HERE);
            return;
        }
        System.exit(run(channel, command, System.getenv(), Terminal.isInteractive(), System.out, System.err, socket));
    }

    /** {@code GRADFORGE_DAEMON_IDLE}: minutes a daemon waits for another command before it exits (default 30). */
    private static int idleMinutes() {
        String s = System.getenv("GRADFORGE_DAEMON_IDLE");
        if (s == null || s.isBlank()) return 30;
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            System.err.println("gradforge: note: GRADFORGE_DAEMON_IDLE=" + s + " is not a whole number of minutes;"
                    + " using 30");
            return 30;
        }
    }

    /**
     * A connection to the daemon on {@code socket}; when none listens, starts one (one client at a time, under a
     * lock beside the socket) and waits for it. Null when it did not come up in time.
     */
    static @Nullable SocketChannel connectOrStart(Path socket, List<String> java, Path classPath, int idleMinutes)
            throws IOException {
        DaemonProtocol.createPrivate(socket.getParent()); // before trusting a socket in it
        SocketChannel ch = DaemonProtocol.connect(socket);
        if (ch != null) return ch;
        try (FileChannel f = FileChannel.open(startLock(socket), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = f.lock()) {
            ch = DaemonProtocol.connect(socket); // another client may have started it while we waited
            if (ch != null) return ch;
            Process daemon = start(socket, java, classPath, idleMinutes);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                ch = DaemonProtocol.connect(socket);
                if (ch != null) return ch;
                // a JVM that could not start (a bad option in GRADFORGE_JAVA_OPTS, say) fails at once: no waiting
                if (!daemon.isAlive() && daemon.exitValue() != 0) {
                    Files.deleteIfExists(Daemon.jarCopy(socket));
                    return null;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }
    }

    /** The file a client locks while it starts the daemon for {@code socket}, so that one client starts it. */
    static Path startLock(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".lock");
    }

    /**
     * Starts a daemon in the background, in a session of its own where the system can (off the terminal); returns
     * its process (setsid's, which becomes the JVM).
     */
    private static Process start(Path socket, List<String> java, Path classPath, int idleMinutes) throws IOException {
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        // a jar runs from a copy of its own, so rebuilding the jar (the launcher does when sources change) cannot
        // pull classes from under a running daemon; the daemon watches the original and stops when it changes
        String runFrom = classPath.toString();
        if (Files.isRegularFile(classPath)) {
            Path copy = Daemon.jarCopy(socket);
            Files.copy(classPath, copy, StandardCopyOption.REPLACE_EXISTING);
            runFrom = copy.toString();
        }
        cmd.addAll(java);
        cmd.addAll(List.of("-cp", runFrom, Daemon.class.getName(), socket.toString(), Integer.toString(idleMinutes),
                classPath.toString()));
        Path log = Daemon.logFile(socket);
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
    }

    /**
     * Runs {@code command} in the daemon on {@code channel} with the variables of {@code environment} that commands
     * read ({@link DaemonProtocol#FORWARDED}), copying its output to {@code out} and {@code err}; returns its exit
     * code, {@link #RUN_HERE} when the daemon is busy or goes away before the command printed anything. Ctrl-C of
     * this JVM is forwarded.
     */
    static int run(SocketChannel channel, String[] command, Map<String, String> environment, boolean terminal,
            OutputStream out, OutputStream err, Path socket) {
        CountDownLatch finished = new CountDownLatch(1);
        int code = Failures.RUN_FAILED;
        DataOutputStream toDaemon;
        Thread hook;
        try {
            toDaemon = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            // the encodings this JVM's stdout and stderr use (the terminal's), for the command's text
            DaemonProtocol.writeRun(toDaemon, terminal,
                    System.getProperty("stdout.encoding", Charset.defaultCharset().name()),
                    System.getProperty("stderr.encoding", Charset.defaultCharset().name()), environment, command);
        } catch (IOException e) {
            return RUN_HERE;
        }
        // Ctrl-C: tell the daemon, then wait for the command to wind down (its outputs written) and end as it ends
        hook = new Thread(() -> {
            if (finished.getCount() == 0) return;
            try {
                synchronized (toDaemon) {
                    toDaemon.writeByte(DaemonProtocol.INTERRUPT);
                    toDaemon.flush();
                }
                finished.await(60, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the daemon is gone: nothing to wait for
            }
            flush(out, err);
            Runtime.getRuntime().halt(INTERRUPTED); // as a JVM of its own ends on Ctrl-C
        }, "gradforge-daemon-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean first = true;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)))) {
            while (true) {
                byte kind = in.readByte();
                if (first && kind == DaemonProtocol.BUSY) {
                    removeHook(hook);
                    return RUN_HERE;
                }
                first = false;
                if (kind == DaemonProtocol.EXIT) {
                    code = in.readInt();
                    break;
                }
                int len = in.readInt();
                byte[] b = in.readNBytes(len);
                if (b.length < len) throw new EOFException();
                OutputStream to = kind == DaemonProtocol.OUT ? out : err;
                to.write(b);
                to.flush();
            }
        } catch (IOException e) {
            if (first) { // the daemon went away before the command said anything (it was stopping): run it here
                removeHook(hook);
                return RUN_HERE;
            }
            flush(out, err);
            new PrintStream(err, true).println("gradforge: the daemon stopped before the command ended (its log: "
                    + Daemon.logFile(socket) + ")" + (e instanceof EOFException ? "" : ": " + e.getMessage()));
            code = Failures.RUN_FAILED;
        } finally {
            finished.countDown();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a connection whose far end is gone
            }
        }
        flush(out, err);
        removeHook(hook);
        return code;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Ctrl-C: the hook is running and ends this JVM with the command's exit code
        }
    }

    private static void flush(OutputStream out, OutputStream err) {
        try {
            out.flush();
            err.flush();
        } catch (IOException ignored) {
            // stdout or stderr closed: nothing left to show
        }
    }
}
