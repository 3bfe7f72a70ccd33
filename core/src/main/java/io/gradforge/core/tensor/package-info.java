@NullMarked
package io.gradforge.core.tensor;

import org.jspecify.annotations.NullMarked;
