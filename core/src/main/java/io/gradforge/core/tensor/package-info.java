/**
 * The buffer every layer, optimizer and trainer computes on: {@link io.gradforge.core.tensor.Tensor}, a mutable
 * row-major {@code rows x cols} array in one {@link io.gradforge.core.tensor.Precision} (float64 by default,
 * which gradient checks need; float32 where a spec asks). Rows are examples of a batch, columns are features.
 * Hot loops read the raw array directly; tests and edges use the checked accessors. EJML's matrices appear
 * only where EJML does the work (orthogonal initialization, Jacobian spectra), never in a training step.
 */
@NullMarked
package io.gradforge.core.tensor;

import org.jspecify.annotations.NullMarked;
