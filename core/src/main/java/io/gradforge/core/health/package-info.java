/**
 * Gradient health: mean-field predictions of how signal and gradient norms evolve with depth in deep random
 * networks (Poole et al. 2016; Schoenholz et al. 2017), to be compared with measured per-layer gradients.
 *
 * <p>Entry point: {@link io.gradforge.core.health.MeanField}.
 */
@NullMarked
package io.gradforge.core.health;

import org.jspecify.annotations.NullMarked;
