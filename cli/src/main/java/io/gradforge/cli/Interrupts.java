package io.gradforge.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C handling: the first Ctrl-C asks the running work to stop after the current step (everything computed
 * so far is kept and reported); the JVM then exits normally. In a {@link Daemon} the Ctrl-C is the client's, and
 * the daemon goes on serving.
 */
final class Interrupts {
    private static @Nullable Thread hook;

    private Interrupts() {}

    /**
     * Starts {@code hook} on Ctrl-C: as a shutdown hook of this JVM, or, for a command a daemon runs, when its
     * client is interrupted or goes away. Undo with {@link #remove}.
     */
    static void add(Thread hook) {
        DaemonSession session = DaemonSession.current();
        if (session != null) session.onInterrupt(hook);
        else Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Undoes {@link #add}; nothing when the hook already runs (the JVM is shutting down). */
    static void remove(Thread hook) {
        DaemonSession session = DaemonSession.current();
        if (session != null) {
            session.remove(hook);
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }

    /** Installs a hook that sets the returned flag and waits briefly for the work to wind down. */
    static synchronized AtomicBoolean onCtrlC() {
        AtomicBoolean flag = new AtomicBoolean();
        Thread main = Thread.currentThread();
        hook = new Thread(() -> {
            flag.set(true);
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gradforge-ctrl-c");
        add(hook);
        return flag;
    }

    static synchronized void clear() {
        if (hook != null) {
            remove(hook);
            hook = null;
        }
    }
}
