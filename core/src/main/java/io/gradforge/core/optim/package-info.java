/**
 * Optimizers, learning-rate schedules and gradient clipping. Immutable configuration ({@link
 * io.gradforge.core.optim.OptimizerConfig}, {@link io.gradforge.core.optim.Schedule}, {@link
 * io.gradforge.core.optim.Clipping}) is kept apart from mutable training state ({@link
 * io.gradforge.core.optim.Optimizer}, which owns the moment buffers).
 */
@NullMarked
package io.gradforge.core.optim;

import org.jspecify.annotations.NullMarked;
