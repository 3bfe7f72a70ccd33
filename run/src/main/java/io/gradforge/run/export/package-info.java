/**
 * Taking a network to other frameworks: {@link io.gradforge.run.export.PyTorchExport} writes it as a plain PyTorch
 * module (layers, initializers, checkpoint loader, training loop) that reproduces Gradforge's numbers.
 */
@NullMarked
package io.gradforge.run.export;

import org.jspecify.annotations.NullMarked;
