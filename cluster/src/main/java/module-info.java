/**
 * Evaluating a search's candidates on a Hazelcast cluster: {@code ClusterEvaluator} on the driver, {@code Worker}
 * on each member. Members exchange text only (spec YAML, seeds, outcomes as JSON, each signed with the cluster's
 * shared secret); Java deserialization is refused.
 */
module io.gradforge.cluster {
    requires transitive io.gradforge.search;
    requires com.hazelcast.core;
    requires tools.jackson.databind;
    requires java.logging;
    requires static transitive org.jspecify;

    exports io.gradforge.cluster;
}
