package io.gradforge.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command a {@link Daemon} runs for a client, as the command's code sees it: whether the client's terminal
 * shows progress, where progress bars draw (the client's stderr), the client's environment variables that commands
 * read ({@link DaemonProtocol#FORWARDED}), and Ctrl-C (the client's, sent over the socket).
 * A daemon runs one command at a time, so there is one current session or none (a command run in its own JVM).
 */
final class DaemonSession {
    private static volatile @Nullable DaemonSession current;

    private final boolean terminal;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final List<Thread> onInterrupt = new ArrayList<>();
    private boolean interrupted;

    DaemonSession(boolean terminal, PrintStream err, Map<String, String> environment) {
        this.terminal = terminal;
        this.err = err;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The environment variables the running command reads: in a daemon its client's (those the client forwards),
     * else this JVM's.
     */
    static Map<String, String> environment() {
        DaemonSession s = current;
        return s != null ? s.environment : System.getenv();
    }

    /** The session of the command running in this daemon, or null in a JVM that runs its own command. */
    static @Nullable DaemonSession current() {
        return current;
    }

    static void begin(DaemonSession session) {
        current = session;
    }

    static void end() {
        current = null;
    }

    boolean terminal() {
        return terminal;
    }

    PrintStream err() {
        return err;
    }

    /** Starts {@code hook} when the client interrupts (at once if it has already). */
    synchronized void onInterrupt(Thread hook) {
        if (interrupted) hook.start();
        else onInterrupt.add(hook);
    }

    synchronized void remove(Thread hook) {
        onInterrupt.remove(hook);
    }

    /** The client pressed Ctrl-C or went away: starts every registered hook, once. */
    synchronized void interrupt() {
        if (interrupted) return;
        interrupted = true;
        for (Thread hook : onInterrupt) hook.start();
        onInterrupt.clear();
    }
}
