/** Training losses: values, gradients with respect to predictions (logits), and accuracy. */
@NullMarked
package io.gradforge.core.loss;

import org.jspecify.annotations.NullMarked;
