package io.gradforge.run.checkpoint;

import io.gradforge.core.nn.Network;
import io.gradforge.dsl.spec.NetworkSpec;
import java.util.Objects;

/** A network read from a checkpoint, with the spec it was built from. */
public record LoadedCheckpoint(NetworkSpec spec, Network network) {
    public LoadedCheckpoint {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
    }
}
