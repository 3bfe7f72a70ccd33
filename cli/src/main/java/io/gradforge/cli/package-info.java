/** The {@code gradforge} command line: picocli commands, progress display, reports. */
@NullMarked
package io.gradforge.cli;

import org.jspecify.annotations.NullMarked;
