/** The HTML report of a search run: {@code report.html} with hand-written SVG charts. */
@NullMarked
package io.gradforge.cli.report;

import org.jspecify.annotations.NullMarked;
