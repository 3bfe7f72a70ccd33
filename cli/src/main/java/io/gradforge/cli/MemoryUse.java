package io.gradforge.cli;

import io.gradforge.core.data.Dataset;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.SearchSpec;
import java.util.Locale;

/**
 * What a command is about to hold in memory, compared with the Java heap before the work starts, and the one line
 * an {@link OutOfMemoryError} becomes: what was being done, the estimate, the heap, and what to change.
 *
 * @implNote The current phase is one volatile field: commands run one at a time in a process.
 */
final class MemoryUse {
    private static final long MIB = 1L << 20;
    private static volatile String phase = "starting";

    private MemoryUse() {}

    /** Records what the command does now ("reading the data of spec.yaml"), for an out-of-memory message. */
    static void during(String what) {
        phase = what;
    }

    /**
     * The training memory of {@code spec} on {@code data}: the network's parameters, gradients, two optimizer
     * moments and a batch of activations and their gradients (at the spec's precision), plus the data's values
     * (features 4 bytes each for a float32 network, else 8; targets 8, as a dataset stores them).
     */
    static long trainingBytes(ExperimentSpec spec, Dataset data) {
        double valueBytes = spec.training().precision() == FloatPrecision.FLOAT32 ? 4 : 8;
        double network = spec.network().shape().trainingBytes(spec.training().batchSize()) / 8 * valueBytes;
        double dataset = data.size() * ((data.isFloat32() ? 4.0 : 8.0) * data.inputSize() + 8.0 * data.outputSize());
        return (long) Math.min(Long.MAX_VALUE, network + dataset);
    }

    /**
     * Refuses a run whose estimate exceeds the heap's maximum, before any training: better one line now than an
     * {@code OutOfMemoryError} later.
     */
    static void check(ExperimentSpec spec, Dataset data, long maxHeap) {
        long need = trainingBytes(spec, data);
        during("training " + spec.name() + " (estimated " + mib(need) + " of training memory)");
        if (need > maxHeap) {
            throw Failures.runFailed(String.format(Locale.ROOT, "%s needs about %s of memory to train (network,"
                    + " gradients, optimizer state and a batch of activations, plus %,d rows of data) but the Java heap"
                    + " holds at most %s; %s", spec.name(), mib(need), data.size(), mib(maxHeap), advice(need)));
        }
    }

    /**
     * Refuses a search whose threads could not train their largest candidates at once within the heap: each of
     * {@code threads} evaluation threads holds one candidate's network, gradients, optimizer state and batch.
     */
    static void checkSearch(SearchSpec spec, int threads, long maxHeap) {
        double valueBytes = spec.training().precision() == FloatPrecision.FLOAT32 ? 4 : 8;
        double one = spec.space().largestCandidate().shape().trainingBytes(spec.training().batchSize()) / 8 * valueBytes;
        long need = (long) Math.min(Long.MAX_VALUE, one * threads);
        if (need > maxHeap) {
            throw Failures.runFailed(String.format(Locale.ROOT, "%s's largest candidate needs about %s of memory to"
                    + " train, %s on %d threads at once, but the Java heap holds at most %s; use fewer --threads or %s",
                    spec.name(), mib((long) one), mib(need), threads, mib(maxHeap), advice(need)));
        }
    }

    /** The line an {@code OutOfMemoryError} becomes. */
    static String outOfMemory(long maxHeap) {
        return "gradforge: out of memory while " + phase + ": the Java heap (at most " + mib(maxHeap) + ") is full; "
                + advice(2 * maxHeap);
    }

    private static String advice(long need) {
        long gib = Math.max(1, (need + (1L << 30) - 1) >> 30);
        return "give Java more heap (GRADFORGE_JAVA_OPTS=-Xmx" + gib + "g ./gradforge ...) or make the run smaller"
                + " (a smaller batch_size, fewer or narrower layers, less data)";
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", (bytes + MIB - 1) / MIB);
    }
}
