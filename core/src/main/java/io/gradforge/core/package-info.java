/**
 * Gradforge's engine. The classes live in the subpackages: {@code nn} (networks and layers), {@code tensor}
 * (buffers), {@code kernel} (fast kernels), {@code loss}, {@code optim}, {@code train} (the training loop),
 * {@code data} (datasets), {@code health} (gradient-health measurement, with mean-field theory in
 * {@code health.meanfield}) and {@code check} (gradient checks). This package itself holds no types.
 */
@NullMarked
package io.gradforge.core;

import org.jspecify.annotations.NullMarked;
