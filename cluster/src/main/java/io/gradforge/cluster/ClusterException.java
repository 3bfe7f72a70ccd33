package io.gradforge.cluster;

/**
 * The cluster cannot be joined or used: no member answers, a port is taken, the secret is wrong. The message is
 * one line for people, naming what was tried and what to change.
 */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The cluster's join proof does not verify with this process's secret. */
    public static final class WrongSecret extends ClusterException {
        private static final long serialVersionUID = 1L;

        WrongSecret(String message) {
            super(message);
        }
    }
}
