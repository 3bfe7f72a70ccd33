/**
 * The architecture search: a {@link io.gradforge.dsl.spec.SearchSpace} encoded for Jenetics
 * ({@link io.gradforge.search.ArchitectureCodec}), candidates scored on convergence and gradient health
 * ({@link io.gradforge.search.CandidateEvaluator}), an append-only journal that a killed run resumes from, and
 * the embedded API {@link io.gradforge.search.Search}.
 */
@NullMarked
package io.gradforge.search;

import org.jspecify.annotations.NullMarked;
