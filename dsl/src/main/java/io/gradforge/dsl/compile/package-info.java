/**
 * Spec to engine: {@link io.gradforge.dsl.compile.SpecCompiler} turns spec records into core networks,
 * trainers and data sets; {@link io.gradforge.dsl.compile.Experiment} runs an experiment spec in one call.
 */
@NullMarked
package io.gradforge.dsl.compile;

import org.jspecify.annotations.NullMarked;
