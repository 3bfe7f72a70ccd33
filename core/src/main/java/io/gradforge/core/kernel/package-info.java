@NullMarked
package io.gradforge.core.kernel;

import org.jspecify.annotations.NullMarked;
