/**
 * The hot-path numeric kernels: matrix products, row/column helpers, vector updates, fused dense-layer passes,
 * optimizer steps and activations on raw row-major {@code double[]}/{@code float[]} arrays, behind the one
 * interface {@link io.gradforge.core.kernel.Kernels}. {@link io.gradforge.core.kernel.Kernels#get()} picks an
 * implementation once at start-up: kernels written with the JDK Vector API when {@code jdk.incubator.vector}
 * is present, plain Java otherwise (or when {@code -Dgradforge.scalarKernels=true}). The implementations are
 * package-private; only the interface is API.
 *
 * <p>Conventions (EJML's): the caller owns every output, outputs never alias inputs unless a method says so,
 * no method allocates. tanh and sigmoid are built from IEEE-exact operations so that both implementations, every
 * thread and every JIT tier give bit-identical results, which the search's same-seed-same-result rule needs.
 * The float32 code of the matrix product and of the plain-Java kernels is generated from the float64 code (see
 * {@code Float32Twin} in core's tests).
 */
@NullMarked
package io.gradforge.core.kernel;

import org.jspecify.annotations.NullMarked;
