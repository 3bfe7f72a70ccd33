package io.gradforge.cluster;

/**
 * The pause between polls of an empty queue. For the first {@value #BRISK_MILLIS} ms a queue stays empty it is
 * polled every 1, 2, then {@value #BRISK_PAUSE_MILLIS} ms: work comes in bursts (a generation's tasks, its results)
 * separated by short gaps (the driver breeding the next generation), and a worker that slept through the start of
 * a burst idles. After that the pause doubles to {@value #MAX_MILLIS} ms, so an idle cluster costs little; it is
 * back to 1 ms when an item comes.
 *
 * <p>The queues are polled without waiting on the member that holds them: a waiting poll parks an operation there,
 * and under load Hazelcast 5.7 lost the answer to such parked polls (the caller then timed out with the task or
 * result in limbo).
 */
final class Backoff {
    static final long BRISK_MILLIS = 1000;
    static final long BRISK_PAUSE_MILLIS = 4;
    static final long MAX_MILLIS = 32;
    private long millis = 1;
    private long emptySince = -1;

    void pause() throws InterruptedException {
        long now = System.nanoTime();
        if (emptySince < 0) emptySince = now;
        Thread.sleep(millis);
        boolean brisk = now - emptySince < BRISK_MILLIS * 1_000_000;
        millis = Math.min(brisk ? BRISK_PAUSE_MILLIS : MAX_MILLIS, millis * 2);
    }

    void reset() {
        millis = 1;
        emptySince = -1;
    }
}
