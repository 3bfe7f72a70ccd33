package io.gradforge.run.checkpoint;

import io.gradforge.core.nn.Network;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.run.Provenance;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A network read from a checkpoint, with the spec it was built from and what wrote it ({@code provenance} is null
 * for checkpoints written before Gradforge recorded one).
 */
public record LoadedCheckpoint(NetworkSpec spec, Network network, @Nullable Provenance provenance) {
    public LoadedCheckpoint {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
    }
}
