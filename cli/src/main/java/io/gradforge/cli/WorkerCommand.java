package io.gradforge.cli;

import io.gradforge.cluster.ClusterException;
import io.gradforge.cluster.ClusterSettings;
import io.gradforge.cluster.Worker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join (or start) a Hazelcast cluster and evaluate the candidates of searches run with "
                + "'gradforge search SPEC --cluster HOST:PORT'. Runs until stopped (Ctrl-C); a stopped worker's "
                + "unfinished evaluations go to the others.",
                "Members exchange spec text, seeds and results as signed JSON, never Java objects. A worker binds "
                + "to 127.0.0.1 unless --bind says otherwise; multicast and auto-detection are off."},
        footer = {"", "Examples:",
                "  export GRADFORGE_CLUSTER_SECRET=$(openssl rand -hex 16)",
                "  gradforge worker                                  (the first, on port 5701)",
                "  gradforge worker --join 127.0.0.1:5701 --threads 2",
                "  gradforge worker --bind 10.0.0.6 --join 10.0.0.5:5701"})
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",",
            description = "Members to join, comma-separated (none: start a new cluster).")
    List<String> join = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N",
            description = "Port to listen on (default 5701, or the next free one).")
    @Nullable Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to bind and announce (default 127.0.0.1; another host's workers and the driver "
                    + "must reach it).")
    @Nullable String bind;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Candidates evaluated at once (default 1; one core each).")
    int threads;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || threads > 1024) throw Failures.badInput("--threads must be in [1, 1024] but was " + threads);
        ClusterSettings settings = cluster.settings(join, bind, port, common.verbose);
        PrintWriter err = command.commandLine().getErr();
        Worker worker;
        try {
            worker = Worker.start(settings, threads, err);
        } catch (ClusterException e) { // another secret, a port taken, an address not ours
            throw Failures.badInput(e.getMessage());
        }
        Thread hook = new Thread(worker::close, "gradforge-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!common.quiet) {
            err.println("gradforge worker: " + worker.address() + " in cluster '" + settings.name() + "' ("
                    + worker.clusterSize() + " member" + (worker.clusterSize() == 1 ? "" : "s") + "), " + threads
                    + " thread" + (threads == 1 ? "" : "s") + "; waiting for work (Ctrl-C stops)");
            err.flush();
        }
        worker.awaitShutdown();
        return 0;
    }
}
