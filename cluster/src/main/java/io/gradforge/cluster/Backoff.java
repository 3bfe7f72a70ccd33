package io.gradforge.cluster;

/**
 * The pause between polls of an empty queue: 1 ms, doubling to 32 ms while it stays empty, back to 1 ms when an
 * item comes. The queues are polled without waiting on the member that holds them: a waiting poll parks an
 * operation there, and under load Hazelcast 5.7 lost the answer to such parked polls (the caller then timed out
 * after a minute with the task or result in limbo).
 */
final class Backoff {
    private static final long MAX_MILLIS = 32;
    private long millis = 1;

    void pause() throws InterruptedException {
        Thread.sleep(millis);
        millis = Math.min(MAX_MILLIS, millis * 2);
    }

    void reset() {
        millis = 1;
    }
}
