/**
 * Spec to engine: {@link io.gradforge.run.SpecCompiler} turns spec records into core networks,
 * trainers and data sets; {@link io.gradforge.run.Experiment} runs an experiment spec in one call.
 */
@NullMarked
package io.gradforge.run;

import org.jspecify.annotations.NullMarked;
