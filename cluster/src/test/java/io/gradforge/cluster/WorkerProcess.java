package io.gradforge.cluster;

import java.io.PrintWriter;
import java.util.List;

/**
 * A worker in a process of its own, for {@link ClusterProcessesTest}: {@code WorkerProcess NAME PORT THREADS
 * [JOIN]}, the secret from {@value ClusterSettings#SECRET_ENV}. Prints "ready" when it has joined.
 */
public final class WorkerProcess {
    private WorkerProcess() {}

    public static void main(String[] args) throws InterruptedException {
        ClusterSettings s = ClusterSettings.of(args[0], null, args.length > 3 ? List.of(args[3]) : List.of(),
                "127.0.0.1", Integer.parseInt(args[1]), false, System.getenv());
        Worker w;
        try {
            w = Worker.start(s, Integer.parseInt(args[2]), new PrintWriter(System.err, true));
        } catch (ClusterException.WrongSecret e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("ready " + w.address());
        System.out.flush();
        w.awaitShutdown();
    }
}
