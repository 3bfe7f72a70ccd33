package io.gradforge.dsl.spec;

/**
 * A recurrent layer's truncated backpropagation through time, TBPTT(k1, k2): windows of k1 injected steps
 * counted back from the last step, each backpropagated k2 steps from a detached state (core's
 * {@code Truncation}; docs/recurrent.md). YAML: {@code truncation: k} (k1 = k2 = k, the chunked form) or
 * {@code truncation: {k1: 10, k2: 20}}; absent means full BPTT.
 */
public record TruncationSpec(int k1, int k2) {
    public TruncationSpec {
        Rules.TRUNCATION.check(k1);
        Rules.TRUNCATION.check(k2);
        if (k1 > k2) {
            throw new IllegalArgumentException(k1AboveK2(k1, k2));
        }
    }

    /** The chunked form, k1 = k2 = {@code k}. */
    public static TruncationSpec of(int k) {
        return new TruncationSpec(k, k);
    }

    public static TruncationSpec of(int k1, int k2) {
        return new TruncationSpec(k1, k2);
    }

    /** Whether k1 = k2, written as one number. */
    public boolean chunked() {
        return k1 == k2;
    }

    /** "20", or "10/20" for k1 10, k2 20: a candidate's truncation in tables. */
    public String text() {
        return chunked() ? Integer.toString(k1) : k1 + "/" + k2;
    }

    /** The message for a k1 above k2. */
    public static String k1AboveK2(long k1, long k2) {
        return "truncation k1 must be at most k2 (" + k2 + ") but was " + k1;
    }

    /** The message for a truncation ({@code key} "truncation" or "truncation k2") beyond a layer's steps. */
    public static String beyondSteps(String key, long k, int steps) {
        return key + " must be at most the layer's steps (" + steps + ") but was " + k;
    }
}
