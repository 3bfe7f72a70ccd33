package io.gradforge.cli;

import io.gradforge.cluster.ClusterSettings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DaemonClient} and a {@link Daemon} say to each other over a Unix domain socket, and where daemons
 * live.
 *
 * <p>A connection carries one request. The client opens with {@link #MAGIC} and a kind: {@link #RUN} (a terminal flag,
 * the encodings of its stdout and stderr, the {@link #FORWARDED} environment variables it has, then the command
 * line's arguments), {@link #STATUS} or {@link #STOP}. While a command runs, the daemon sends frames: {@link #OUT} and
 * {@link #ERR} (a length, then that many bytes of the command's stdout or stderr), and last {@link #EXIT} (the exit
 * code); a daemon already running a command answers {@link #BUSY} at once. The client may send {@link #INTERRUPT}
 * (Ctrl-C) at any time; closing the connection means the same.
 *
 * <p>Daemons live in one directory per user ({@code ~/.gradforge/daemon}, or {@code GRADFORGE_DAEMON_DIR}), readable
 * by that user alone: a socket per daemon, named by a hash of what the daemon must share with its clients (the java
 * command that starts it, the jar and its last modification, the working directory, whose relative paths the
 * command resolves), and its log.
 */
final class DaemonProtocol {
    static final int MAGIC = 0x47464431; // "GFD1"
    static final byte RUN = 'R';
    static final byte STATUS = 'Q';
    static final byte STOP = 'S';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    static final byte BUSY = 'B';
    static final byte INTERRUPT = 'I';
    /**
     * The environment variables commands read, sent with each run request (a daemon's own environment is that of
     * the client that started it): the cluster's name and shared secret. Only this user can reach the socket that
     * carries them, as only this user can read the environment of this user's processes.
     */
    static final List<String> FORWARDED = List.of(ClusterSettings.NAME_ENV, ClusterSettings.SECRET_ENV);
    /** Unix domain socket paths longer than this do not bind on Linux (sun_path holds 108 bytes). */
    static final int MAX_SOCKET_PATH = 100;

    private DaemonProtocol() {}

    /**
     * The directory of this user's daemons: {@code GRADFORGE_DAEMON_DIR} (or the system property
     * {@code gradforge.daemon.dir}), else {@code ~/.gradforge/daemon}.
     */
    static Path directory() {
        String dir = System.getProperty("gradforge.daemon.dir", System.getenv("GRADFORGE_DAEMON_DIR"));
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(System.getProperty("user.home"), ".gradforge", "daemon");
    }

    /**
     * Makes {@code dir} (and its parents) a directory only this user can enter, or checks that it is one: a daemon
     * runs commands for whoever reaches its socket, so a directory other users can enter is refused (and never
     * changed: it may be a shared one given by {@code GRADFORGE_DAEMON_DIR}).
     */
    static void createPrivate(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return;
        }
        if (!posix) return;
        Set<PosixFilePermission> others = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)) + "); a daemon's directory must be rwx------ (chmod 700 "
                    + dir + ", or name another with GRADFORGE_DAEMON_DIR)");
        }
    }

    /**
     * The name of the daemon serving a java command, a jar (or class path) and a working directory: the first 16
     * hex digits of a SHA-256 over all three and the class path's last modification and size.
     */
    static String key(List<String> java, Path classPath, Path workingDirectory) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String part : java) s.append(part).append('\0');
        s.append(classPath.toAbsolutePath()).append('\0');
        if (Files.isRegularFile(classPath)) {
            s.append(Files.getLastModifiedTime(classPath).toMillis()).append('\0').append(Files.size(classPath));
        }
        s.append('\0').append(workingDirectory.toAbsolutePath().normalize());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A connection to the daemon listening on {@code socket}, or null when none listens there. */
    static @Nullable SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) return null;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do: the connection never carried anything
                }
            }
            return null;
        }
    }

    /**
     * Sends {@link #STATUS} or {@link #STOP} to the daemon on {@code socket} and returns its one-line answer; null when
     * none listens.
     */
    static @Nullable String ask(Path socket, byte kind) {
        SocketChannel ch = connect(socket);
        if (ch == null) return null;
        try (ch) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            out.writeInt(MAGIC);
            out.writeByte(kind);
            out.flush();
            return new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch))).readUTF();
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes one frame of {@code kind} with {@code len} bytes of {@code b} from {@code off}, and flushes it. */
    static void frame(DataOutputStream out, byte kind, byte[] b, int off, int len) throws IOException {
        out.writeByte(kind);
        out.writeInt(len);
        out.write(b, off, len);
        out.flush();
    }

    /** Reads the arguments that end a request {@link #writeRun} wrote. */
    static String[] readArguments(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) throw new IOException("bad argument count " + n);
        String[] args = new String[n];
        for (int i = 0; i < n; i++) args[i] = in.readUTF();
        return args;
    }

    /**
     * Writes a {@link #RUN} request, as the daemon reads it: whether the client's terminal shows progress, the
     * encodings of its stdout and stderr, the client's values of the {@link #FORWARDED} environment variables, and
     * the command line's arguments. Flushes it.
     */
    static void writeRun(DataOutputStream out, boolean terminal, String stdoutEncoding, String stderrEncoding,
            Map<String, String> environment, String[] args) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(RUN);
        out.writeBoolean(terminal);
        out.writeUTF(stdoutEncoding);
        out.writeUTF(stderrEncoding);
        Map<String, String> forwarded = forwarded(environment);
        out.writeInt(forwarded.size());
        for (var e : forwarded.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(args.length);
        for (String a : args) out.writeUTF(a);
        out.flush();
    }

    /** Of {@code environment}, the {@link #FORWARDED} variables that are set. */
    static Map<String, String> forwarded(Map<String, String> environment) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : FORWARDED) {
            String value = environment.get(name);
            if (value != null) kept.put(name, value);
        }
        return kept;
    }

    /** Reads the environment {@link #writeRun} wrote (only {@link #FORWARDED} names are taken). */
    static Map<String, String> readEnvironment(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > FORWARDED.size()) throw new IOException("bad environment size " + n);
        Map<String, String> environment = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String value = in.readUTF();
            if (FORWARDED.contains(name)) environment.put(name, value);
        }
        return Map.copyOf(environment);
    }

    /** An output stream that sends what is written to it as frames of {@code kind}, dropping it once closed. */
    static final class FrameStream extends OutputStream {
        private final Frames frames;
        private final byte kind;

        FrameStream(Frames frames, byte kind) {
            this.frames = frames;
            this.kind = kind;
        }

        @Override
        public void write(int b) {
            frames.send(kind, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) frames.send(kind, b, off, len);
        }
    }

    /**
     * The frames of one connection, written one at a time; after a failed write (the client went away) every
     * later frame is dropped, so the command goes on and finishes its outputs.
     */
    static final class Frames {
        private final DataOutputStream out;
        private boolean broken;

        Frames(DataOutputStream out) {
            this.out = out;
        }

        synchronized void send(byte kind, byte[] b, int off, int len) {
            if (broken) return;
            try {
                frame(out, kind, b, off, len);
            } catch (IOException e) {
                broken = true;
            }
        }

        synchronized void exit(int code) {
            if (broken) return;
            try {
                out.writeByte(EXIT);
                out.writeInt(code);
                out.flush();
            } catch (IOException e) {
                broken = true;
            }
        }
    }
}
