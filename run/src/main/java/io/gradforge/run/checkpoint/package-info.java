/**
 * Saving and loading trained networks: {@link io.gradforge.run.checkpoint.Checkpoint} writes a network's
 * spec and weights as tool-neutral JSON (docs/checkpoint-format.md) and reads them back bit-identically.
 */
@NullMarked
package io.gradforge.run.checkpoint;

import org.jspecify.annotations.NullMarked;
