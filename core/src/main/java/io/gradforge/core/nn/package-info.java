/**
 * Networks and their layers: {@link io.gradforge.core.nn.Network}, a chain of {@link io.gradforge.core.nn.Layer}s
 * from the sealed family {@link io.gradforge.core.nn.Dense}, {@link io.gradforge.core.nn.ActivationLayer},
 * {@link io.gradforge.core.nn.BatchNorm}, {@link io.gradforge.core.nn.LayerNorm},
 * {@link io.gradforge.core.nn.Residual}, {@link io.gradforge.core.nn.ConcatSkip} and
 * {@link io.gradforge.core.nn.Recurrent} (an RNN, LSTM or GRU over rows that are sequences); the value types that
 * configure them ({@link io.gradforge.core.nn.Activation}, {@link io.gradforge.core.nn.Initializer},
 * {@link io.gradforge.core.nn.BranchScale}, {@link io.gradforge.core.nn.CellKind}); and the named
 * {@link io.gradforge.core.nn.Parameter}s an optimizer updates.
 *
 * <p>Layers are mutable training state: each owns its parameters (allocated at construction in the network's
 * precision) and its forward/backward buffers (allocated once per batch size), so a training step allocates
 * nothing. Each layer knows its forward, backward and parameters and nothing of diagnostics; probes in
 * {@code io.gradforge.core.health} read the buffers it exposes. Every layer is checked against finite
 * differences, keyed by the permitted subclasses of {@code Layer}, so a new layer cannot skip its check.
 */
@NullMarked
package io.gradforge.core.nn;

import org.jspecify.annotations.NullMarked;
