/**
 * Gradient health: measuring, explaining and diagnosing how gradients flow through a network.
 *
 * <ul>
 *   <li>{@link io.gradforge.core.health.GradientHealth}: entry point. {@code atInit(network, loss, x, y)} runs one
 *       forward and backward pass on a probe batch and returns a {@link io.gradforge.core.health.HealthReport};
 *       {@code probe(network, totalSteps, every)} returns a {@link io.gradforge.core.health.HealthProbe} to pass to
 *       {@code Trainer.fit}, whose {@code report(result)} covers the whole run.</li>
 *   <li>{@link io.gradforge.core.health.LayerStats} (per layer), {@link io.gradforge.core.health.GradientFlow}
 *       (delta ratios, geometric mean, attenuation), {@link io.gradforge.core.health.MeanFieldComparison}
 *       (the mean-field prediction for the actual weights), {@link io.gradforge.core.health.ConvergenceStats},
 *       {@link io.gradforge.core.health.HealthFlag} (documented thresholds), the score on
 *       {@link io.gradforge.core.health.HealthReport}, and {@link io.gradforge.core.health.Diagnosis} (words and
 *       tables).</li>
 *   <li>The theory these measurements are compared with, mean-field signal propagation in deep random
 *       networks, lives in {@link io.gradforge.core.health.meanfield}; it knows nothing of measurements.</li>
 * </ul>
 *
 * <p>Diagnostics observe and never steer: probing reads buffers the layers already hold and changes no
 * parameter, optimizer state or running statistic.
 */
@NullMarked
package io.gradforge.core.health;

import org.jspecify.annotations.NullMarked;
