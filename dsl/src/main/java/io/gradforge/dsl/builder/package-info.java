/**
 * The Java/Kotlin builder DSL: code that produces exactly the immutable spec records YAML is read into
 * ({@link io.gradforge.dsl.spec.NetworkSpec}, {@link io.gradforge.dsl.spec.ExperimentSpec},
 * {@link io.gradforge.dsl.spec.SearchSpec}), so a spec built here equals the one read from the same YAML
 * and is validated by the same compact constructors, with the same messages.
 *
 * <p>Entry points are in {@link io.gradforge.dsl.builder.Gradforge}; names with parameters are in the
 * factory classes {@link io.gradforge.dsl.builder.Activations}, {@link io.gradforge.dsl.builder.Inits},
 * {@link io.gradforge.dsl.builder.Losses}, {@link io.gradforge.dsl.builder.Optimizers},
 * {@link io.gradforge.dsl.builder.Schedules}, {@link io.gradforge.dsl.builder.DataSources} and
 * {@link io.gradforge.dsl.builder.Genes}.
 *
 * <p>Shaped for Kotlin as Gradle's API is: a nested block is a method taking an {@link
 * io.gradforge.dsl.builder.Action} (a receiver lambda under the sam-with-receiver compiler plugin with
 * annotation {@code io.gradforge.dsl.builder.HasImplicitReceiver}); a setting is a getter/setter pair (a
 * Kotlin property); every builder carries {@link io.gradforge.dsl.builder.GradforgeDsl}, a
 * {@code @DslMarker}, so an inner block cannot call an outer block's methods by accident. Builders are
 * mutable and not thread-safe; what they build is immutable. See docs/kotlin-and-java.md.
 */
@NullMarked
package io.gradforge.dsl.builder;

import org.jspecify.annotations.NullMarked;
