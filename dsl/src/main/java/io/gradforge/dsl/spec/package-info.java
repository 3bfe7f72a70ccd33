/**
 * Immutable spec records: what an experiment or a search declares. Every record validates itself in
 * its compact constructor with the same messages the YAML reader reports (see {@link io.gradforge.dsl.spec.Rules}),
 * and every accepted name lives in {@link io.gradforge.dsl.spec.Vocabulary}.
 */
@NullMarked
package io.gradforge.dsl.spec;

import org.jspecify.annotations.NullMarked;
