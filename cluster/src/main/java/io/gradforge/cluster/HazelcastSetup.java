package io.gradforge.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.core.OperationTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast configured the safe way by default: bound to the given address only (127.0.0.1 unless told), TCP-IP
 * join with the listed members, multicast and auto-detection off, no phone-home, no Java deserialization (its
 * filter admits no class), logging off unless verbose, a lost member noticed within seconds; no metrics (nothing
 * reads them) and no backups of the task and result queues (below).
 */
final class HazelcastSetup {
    /** The only class Java deserialization would admit, which does not exist: every class is refused. */
    static final String NO_CLASS = "io.gradforge.cluster.NoJavaDeserialization";
    /**
     * Seconds without a heartbeat after which a member counts as lost (Hazelcast's default is 60); a killed
     * process's closed connections usually give it away sooner.
     */
    static final int LOST_AFTER_SECONDS = 30;

    /**
     * How long a cluster operation may go unanswered (Hazelcast's default is 60 s for members, 120 s for clients).
     * Every operation Gradforge asks for is short: queue offers, non-blocking polls and removals, map reads. Under
     * load Hazelcast 5.7 has been seen to lose an operation's answer; the caller then waits this long (twice, for a
     * member) before it retries.
     */
    static final long CALL_TIMEOUT_SECONDS = 10;

    private HazelcastSetup() {}

    /** Held so the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static Map<String, String> properties(boolean verbose) {
        // what Hazelcast logs before its logging property applies (e.g. advice on --add-opens) stays quiet too
        HAZELCAST_LOG.setLevel(verbose ? Level.INFO : Level.OFF);
        return Map.of(
                "hazelcast.phone.home.enabled", "false",
                "hazelcast.logging.type", verbose ? "jdk" : "none",
                "hazelcast.socket.bind.any", "false",
                "hazelcast.socket.client.bind.any", "false",
                "hazelcast.health.monitoring.level", "OFF",
                "hazelcast.max.no.heartbeat.seconds", Integer.toString(LOST_AFTER_SECONDS),
                // every operation here is short (no blocking polls): a lost answer then costs seconds, not minutes
                "hazelcast.operation.call.timeout.millis", Long.toString(CALL_TIMEOUT_SECONDS * 1000),
                "hazelcast.client.invocation.timeout.seconds", Long.toString(CALL_TIMEOUT_SECONDS));
    }

    /**
     * Runs a start-up operation (a map read or write), again up to twice when the cluster lost its answer: just after
     * a member joins, Hazelcast 5.7 has been seen to leave such an operation unanswered until it timed out.
     */
    static <T> T retried(Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (OperationTimeoutException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    /** A worker member's configuration. */
    static Config member(ClusterSettings s) {
        Config c = new Config();
        c.setClusterName(s.name());
        properties(s.verbose()).forEach(c::setProperty);
        c.setProperty("hazelcast.local.localAddress", s.bind());
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(!s.portGiven());
        net.getInterfaces().setEnabled(true).setInterfaces(Set.of(s.bind()));
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>();
        for (String m : s.members()) members.add(ClusterSettings.address(m));
        join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(s.bind()) : members);
        // Tasks and results need no copy on a second member: when a member fails the driver gives every unfinished
        // task again (ClusterEvaluator.leave), which also covers the items its partitions held. A synchronous backup
        // made each queue operation wait for a second member and cost both members CPU beside the training.
        for (String queue : List.of(Protocol.WORK_PREFIX + "*", Protocol.RESULTS_PREFIX + "*")) {
            c.addQueueConfig(new QueueConfig(queue).setBackupCount(0).setAsyncBackupCount(0));
        }
        c.getMetricsConfig().setEnabled(false);
        refuseJavaDeserialization(c.getSerializationConfig());
        return c;
    }

    /** The driver's client configuration; it connects to {@code s.members()}. */
    static ClientConfig client(ClusterSettings s, long connectTimeoutMillis) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(s.name());
        properties(s.verbose()).forEach(c::setProperty);
        List<String> members = new ArrayList<>();
        for (String m : s.members()) members.add(ClusterSettings.address(m));
        c.getNetworkConfig().setAddresses(members);
        c.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeoutMillis)
                .setInitialBackoffMillis(200).setMaxBackoffMillis(2000);
        c.getMetricsConfig().setEnabled(false); // or the client sends the members its statistics every 5 s
        refuseJavaDeserialization(c.getSerializationConfig());
        return c;
    }

    private static void refuseJavaDeserialization(SerializationConfig config) {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addClasses(NO_CLASS);
        filter.getBlacklist().addPrefixes("");
        config.setJavaSerializationFilterConfig(filter);
    }
}
