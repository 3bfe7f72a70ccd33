@NullMarked
package io.gradforge.core.nn;

import org.jspecify.annotations.NullMarked;
