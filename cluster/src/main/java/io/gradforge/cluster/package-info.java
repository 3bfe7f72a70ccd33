/**
 * A search's evaluations on a Hazelcast cluster. The driver ({@link io.gradforge.cluster.ClusterEvaluator}, a
 * Hazelcast client) keeps evolution, journal and outputs; workers ({@link io.gradforge.cluster.Worker}, Hazelcast
 * members) train the candidates they are sent. See {@link io.gradforge.cluster.Protocol} for what travels.
 */
@NullMarked
package io.gradforge.cluster;

import org.jspecify.annotations.NullMarked;
