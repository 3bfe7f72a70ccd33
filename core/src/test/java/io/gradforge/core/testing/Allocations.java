package io.gradforge.core.testing;

import java.lang.management.ManagementFactory;

/** Measures heap bytes allocated per call on the current thread once the JIT has reached a steady state. */
public final class Allocations {
    private Allocations() {}

    /**
     * Runs {@code action} in rounds of {@code callsPerRound} and returns the smallest per-call allocation of any
     * round after the first. Vector API code allocates its vector boxes until C2 compiles it (escape analysis
     * removes them), so the early rounds measure the interpreter, not the steady state; the caller's threshold
     * then checks the steady state. Stops early once a round allocates nothing. On a loaded machine C2 may compile
     * late, so callers pass a generous {@code maxRounds}; the early exit keeps the usual case fast.
     */
    public static long steadyStateBytesPerCall(Runnable action, int callsPerRound, int maxRounds) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < callsPerRound; i++) action.run();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < maxRounds; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < callsPerRound; i++) action.run();
            long perCall = (mx.getCurrentThreadAllocatedBytes() - before) / callsPerRound;
            best = Math.min(best, perCall);
            if (best == 0) break;
        }
        return best;
    }
}
