/** Finite-difference gradient checks of networks, layers and losses. */
@NullMarked
package io.gradforge.core.check;

import org.jspecify.annotations.NullMarked;
