package io.gradforge.run.checkpoint;

import io.gradforge.core.nn.Network;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.run.Provenance;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A network read from a checkpoint, with the spec it was built from, what wrote it ({@code provenance} is null
 * for checkpoints written before Gradforge recorded one) and what it was trained on ({@code data} is null for
 * checkpoints written without it: by {@code diagnose --export}, from code, or before it was recorded).
 */
public record LoadedCheckpoint(NetworkSpec spec, Network network, @Nullable Provenance provenance,
        @Nullable CheckpointData data) {
    public LoadedCheckpoint {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
    }

    /** A checkpoint without a data description. */
    public LoadedCheckpoint(NetworkSpec spec, Network network, @Nullable Provenance provenance) {
        this(spec, network, provenance, null);
    }
}
