package io.gradforge.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a process finds and joins a Gradforge cluster.
 *
 * @param name    the Hazelcast cluster name: members of another name never join
 * @param secret  the shared secret that signs every task, result and registration ({@link Signer}); at least
 *                {@value #MIN_SECRET_LENGTH} characters
 * @param members {@code host:port} addresses to join (TCP-IP; multicast and auto-detection are off); empty for
 *                the first worker of a cluster
 * @param bind    the address this process binds and announces (127.0.0.1 by default: nothing is reachable from
 *                another host unless asked)
 * @param port    the worker's port; {@link #DEFAULT_PORT} by default, then the next free one
 * @param verbose whether Hazelcast logs (to stderr, through java.util.logging)
 */
public record ClusterSettings(String name, String secret, List<String> members, String bind, int port,
        boolean portGiven, boolean verbose) {
    public static final String DEFAULT_NAME = "gradforge";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final int MIN_SECRET_LENGTH = 16;
    /** Environment variables read when the command line does not say. */
    public static final String NAME_ENV = "GRADFORGE_CLUSTER_NAME";
    public static final String SECRET_ENV = "GRADFORGE_CLUSTER_SECRET";

    public ClusterSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        members = List.copyOf(members);
        Objects.requireNonNull(bind, "bind");
        if (name.isBlank()) throw new IllegalArgumentException("the cluster name must not be blank.");
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the cluster secret must have at least " + MIN_SECRET_LENGTH
                    + " characters but had " + secret.length() + " (give --secret or set " + SECRET_ENV
                    + "; e.g. openssl rand -hex 16).");
        }
        for (String m : members) address(m);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be in [1, 65535] but was " + port + ".");
    }

    /**
     * Settings from the command line's values, falling back to the environment ({@value #NAME_ENV},
     * {@value #SECRET_ENV}) and then the defaults.
     *
     * @throws IllegalArgumentException naming the bad value, or saying that no secret was given
     */
    public static ClusterSettings of(@Nullable String name, @Nullable String secret, List<String> members,
            @Nullable String bind, @Nullable Integer port,
            boolean verbose, Map<String, String> environment) {
        String n = name != null ? name : environment.getOrDefault(NAME_ENV, DEFAULT_NAME);
        String s = secret != null ? secret : environment.get(SECRET_ENV);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs a shared secret: give --secret SECRET or set "
                    + SECRET_ENV + " (the same on the driver and every worker; at least " + MIN_SECRET_LENGTH
                    + " characters, e.g. openssl rand -hex 16)");
        }
        return new ClusterSettings(n, s, members, bind != null ? bind : DEFAULT_BIND,
                port != null ? port : DEFAULT_PORT, port != null, verbose);
    }

    /** {@code host:port} checked: a host, a colon and a port in [1, 65535]. */
    static String address(String member) {
        int colon = member.lastIndexOf(':');
        String host = colon < 0 ? member : member.substring(0, colon);
        if (host.isBlank()) throw new IllegalArgumentException("'" + member + "' is not an address (expected host:port, e.g. 127.0.0.1:5701).");
        if (colon < 0) return member + ":" + DEFAULT_PORT;
        try {
            int p = Integer.parseInt(member.substring(colon + 1));
            if (p >= 1 && p <= 65535) return member;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + member + "' has no valid port (expected host:port with a port in "
                + "[1, 65535], e.g. 127.0.0.1:5701).");
    }

    @Override
    public String toString() { // never the secret
        return "ClusterSettings[name=" + name + ", members=" + members + ", bind=" + bind + ", port=" + port + "]";
    }
}
