package io.gradforge.core.health;

import java.util.Arrays;
import java.util.List;

/**
 * The snapshots a {@link HealthProbe} took during one training run, in step order, plus the global gradient
 * norm of every step.
 *
 * @param snapshots     at step 0, every {@code every} steps, and the last step of the budget (non-empty)
 * @param gradientNorms the global gradient norm of every step the probe saw, in order
 */
public record HealthTrace(List<HealthSnapshot> snapshots, double[] gradientNorms) {

    public HealthTrace {
        snapshots = List.copyOf(snapshots);
        gradientNorms = gradientNorms.clone();
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one snapshot but was empty.");
        }
        for (int i = 1; i < snapshots.size(); i++) {
            if (snapshots.get(i).step() <= snapshots.get(i - 1).step()) {
                throw new IllegalArgumentException("snapshot steps must increase but step "
                        + snapshots.get(i).step() + " follows " + snapshots.get(i - 1).step() + ".");
            }
        }
    }

    @Override
    public double[] gradientNorms() {
        return gradientNorms.clone();
    }

    /** The first snapshot (step 0 when the probe saw the whole run). */
    public HealthSnapshot first() {
        return snapshots.getFirst();
    }

    /** The last snapshot. */
    public HealthSnapshot last() {
        return snapshots.getLast();
    }

    /** The snapshot steps, in order. */
    public long[] steps() {
        return snapshots.stream().mapToLong(HealthSnapshot::step).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthTrace t && snapshots.equals(t.snapshots)
                && Arrays.equals(gradientNorms, t.gradientNorms);
    }

    @Override
    public int hashCode() {
        return snapshots.hashCode() * 31 + Arrays.hashCode(gradientNorms);
    }

    @Override
    public String toString() {
        return "HealthTrace[" + snapshots.size() + " snapshots, steps " + first().step() + ".." + last().step() + "]";
    }
}
