/**
 * Mean-field theory of deep random fully connected networks (Poole et al. 2016; Schoenholz et al. 2017): what
 * infinite width predicts for the pre-activation variance {@code q^l} and the per-layer gradient factor
 * {@code chi_1}, the numbers a measured gradient-flow ratio is compared with.
 *
 * <p>{@link io.gradforge.core.health.meanfield.MeanField} is the entry point (length map, fixed points, chi,
 * depth scale, whole-network {@link io.gradforge.core.health.meanfield.MeanFieldPrediction}s); a layer is a
 * {@link io.gradforge.core.health.meanfield.MeanFieldLayer} of a
 * {@link io.gradforge.core.health.meanfield.PointwiseFunction} and its weight and bias variances. The Gaussian
 * expectations are computed by {@link io.gradforge.core.health.meanfield.GaussianIntegrals} (split at kinks)
 * or {@link io.gradforge.core.health.meanfield.GaussHermite} quadrature. Pure functions of their arguments:
 * this package reads no network and no measurement; {@code io.gradforge.core.health} depends on it, never the
 * other way.
 */
@NullMarked
package io.gradforge.core.health.meanfield;

import org.jspecify.annotations.NullMarked;
