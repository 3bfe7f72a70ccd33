package io.gradforge.cluster;

/**
 * The pause between polls of an empty queue: 1 ms, doubling to a longest pause (32 ms unless given) while it
 * stays empty, back to 1 ms when an item comes. The queues are polled without waiting on the member that holds them: a waiting poll parks an
 * operation there, and under load Hazelcast 5.7 lost the answer to such parked polls (the caller then timed out
 * after a minute with the task or result in limbo).
 */
final class Backoff {
    private final long maxMillis;
    private long millis = 1;

    Backoff() {
        this(32);
    }

    Backoff(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    void pause() throws InterruptedException {
        Thread.sleep(millis);
        millis = Math.min(maxMillis, millis * 2);
    }

    void reset() {
        millis = 1;
    }
}
