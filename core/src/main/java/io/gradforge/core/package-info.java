@NullMarked
package io.gradforge.core;

import org.jspecify.annotations.NullMarked;
