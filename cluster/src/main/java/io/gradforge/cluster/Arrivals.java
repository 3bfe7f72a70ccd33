package io.gradforge.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import java.util.UUID;

/**
 * Wakes the threads that take items from a queue when the member holding it reports an item added, instead of
 * polling an empty queue every few milliseconds: polling the results queue every 1-4 ms took the driver's result
 * thread 0.35-0.48 s of CPU per quickstart search and its client's network threads 0.20-0.26 s (woken by events:
 * 0.19 and 0.13 s; bench/README.md), beside workers training on the same cores, and each poll cost the queue's
 * member too. Events are not guaranteed (one can be lost when a member fails or the client reconnects), so a taker
 * also polls once every {@value #FALLBACK_MILLIS} ms it hears nothing.
 *
 * {@snippet :
 * long seen = arrivals.count();     // before the poll: an item added after it is still noticed
 * String item = queue.poll();
 * if (item == null) arrivals.await(seen);
 * }
 *
 * <p>The queues are polled without waiting on the member that holds them: a waiting poll parks an operation there,
 * and under load Hazelcast 5.7 lost the answer to such parked polls (the caller then timed out with the task or
 * result in limbo).
 *
 * @implNote Thread-safe: any number of takers may wait; events arrive on Hazelcast's event threads.
 */
final class Arrivals implements ItemListener<String> {
    /** The longest a taker waits without an event before it polls anyway. */
    static final long FALLBACK_MILLIS = 100;

    private final IQueue<String> queue;
    private final UUID registration;
    private long count; // guarded by this

    /** Listens to {@code queue} (values are not sent with the events: the poll takes them). */
    Arrivals(IQueue<String> queue) {
        this.queue = queue;
        this.registration = queue.addItemListener(this, false);
    }

    /** Items reported so far: read before a poll, handed to {@link #await} after an empty one. */
    synchronized long count() {
        return count;
    }

    /**
     * Waits until an item is reported after {@code seen} items, at most {@value #FALLBACK_MILLIS} ms.
     */
    synchronized void await(long seen) throws InterruptedException {
        long deadline = System.nanoTime() + FALLBACK_MILLIS * 1_000_000;
        for (long left = FALLBACK_MILLIS; count == seen && left > 0;
                left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
    }

    @Override
    public synchronized void itemAdded(ItemEvent<String> event) {
        count++;
        notifyAll();
    }

    @Override
    public void itemRemoved(ItemEvent<String> event) {}

    /** Stops listening (the queue may be gone already). */
    void close() {
        try {
            queue.removeItemListener(registration);
        } catch (RuntimeException e) {
            // the member or client is down: so is the registration
        }
    }
}
