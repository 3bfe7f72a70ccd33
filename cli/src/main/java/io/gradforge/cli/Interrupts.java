package io.gradforge.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C handling: the first Ctrl-C asks the running work to stop after the current step (everything computed
 * so far is kept and reported); the JVM then exits normally.
 */
final class Interrupts {
    private static @Nullable Thread hook;

    private Interrupts() {}

    /** Installs a shutdown hook that sets the returned flag and waits briefly for the work to wind down. */
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
        Runtime.getRuntime().addShutdownHook(hook);
        return flag;
    }

    static synchronized void clear() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
            hook = null;
        }
    }
}
