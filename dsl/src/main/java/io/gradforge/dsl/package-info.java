/**
 * Gradforge's spec language: read and write YAML specs ({@link io.gradforge.dsl.SpecReader},
 * {@link io.gradforge.dsl.SpecWriter}) with errors that name file, line, column, the bad value and
 * what would be accepted ({@link io.gradforge.dsl.SpecException}).
 */
@NullMarked
package io.gradforge.dsl;

import org.jspecify.annotations.NullMarked;
