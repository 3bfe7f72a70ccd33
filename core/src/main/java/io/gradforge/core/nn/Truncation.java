package io.gradforge.core.nn;

/**
 * Truncated backpropagation through time, TBPTT(k1, k2) (Williams &amp; Peng 1990), over one forward of a
 * {@link Recurrent} layer of T steps: the steps are cut into windows of k1 injected steps counted back from
 * step T (steps T-k1+1 .. T, then T-2k1+1 .. T-k1, ...; the earliest window may be shorter); for each window
 * ending at step e, the output gradients of its own k1 steps are backpropagated through steps e-k2+1 .. e (or
 * 1 .. e) and stop there, the state before the window treated as a constant. The layer's gradient is the sum
 * over windows. {@code k1 = k2 = k} is the chunked form (disjoint chunks of k steps, each state detached at
 * its chunk's start); {@code k1 = k2 = T} is full BPTT. See docs/recurrent.md.
 *
 * <p>Windows are counted from the end so that a many-to-one layer (only step T has an output) backpropagates
 * its one loss exactly {@code k2} steps: the truncation length says how far back the loss reaches.
 *
 * @param k1 the steps between backward passes (each window's injected output steps), at least 1
 * @param k2 the steps each backward pass runs through, at least k1
 */
public record Truncation(int k1, int k2) {
    public Truncation {
        if (k1 < 1) {
            throw new IllegalArgumentException("truncation k1 must be at least 1 but was " + k1 + ".");
        }
        if (k2 < k1) {
            throw new IllegalArgumentException("truncation k2 must be at least k1 (" + k1 + ") but was " + k2 + ".");
        }
    }

    /** The chunked form: k1 = k2 = {@code k}. */
    public static Truncation of(int k) {
        return new Truncation(k, k);
    }

    public static Truncation of(int k1, int k2) {
        return new Truncation(k1, k2);
    }

    /** Whether k1 = k2 (disjoint chunks). */
    public boolean chunked() {
        return k1 == k2;
    }

    @Override
    public String toString() {
        return chunked() ? "truncation " + k1 : "truncation (k1 " + k1 + ", k2 " + k2 + ")";
    }
}
