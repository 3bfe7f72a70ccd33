/** The training loop: seeded mini-batches, budgets, validation, divergence detection, probes that observe. */
@NullMarked
package io.gradforge.core.train;

import org.jspecify.annotations.NullMarked;
