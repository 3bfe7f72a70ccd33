package io.gradforge.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/** Whether progress can be drawn: the JVM is attached to an interactive terminal. */
final class Terminal {
    private Terminal() {}

    /** Where progress bars draw: this JVM's stderr, or that of the client a daemon runs the command for. */
    static PrintStream progress() {
        DaemonSession session = DaemonSession.current();
        return session != null ? session.err() : System.err;
    }

    static boolean isInteractive() {
        DaemonSession session = DaemonSession.current();
        if (session != null) return session.terminal(); // the client's terminal, which it judged as below
        if (Boolean.getBoolean("gradforge.noProgress")) return false;
        Console c = System.console();
        if (c == null) return false;
        // From JDK 22 System.console() may return a console even when redirected; Console.isTerminal() (22+)
        // tells the truth. We compile for release 21, so ask reflectively.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
