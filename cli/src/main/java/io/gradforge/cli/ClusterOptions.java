package io.gradforge.cli;

import io.gradforge.cluster.ClusterSettings;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options that name a cluster and prove membership: shared by {@code worker} and {@code search --cluster}. */
final class ClusterOptions {
    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "Hazelcast cluster name (default: $GRADFORGE_CLUSTER_NAME, else gradforge).")
    @Nullable String name;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "Shared secret of the cluster, at least 16 characters, the same on the driver and every "
                    + "worker (default: $GRADFORGE_CLUSTER_SECRET; prefer the variable: arguments are visible to "
                    + "other users).")
    @Nullable String secret;

    /** The settings, or a one-line bad-input error naming what is wrong. */
    ClusterSettings settings(List<String> members, @Nullable String bind, @Nullable Integer port, boolean verbose) {
        try {
            return ClusterSettings.of(name, secret, members, bind, port, verbose, DaemonSession.environment());
        } catch (IllegalArgumentException e) {
            throw Failures.badInput(e.getMessage());
        }
    }
}
