package io.gradforge.dsl.builder;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a single-method interface whose argument Kotlin should see as the lambda's receiver
 * ({@code this}) rather than as a parameter ({@code it}). Takes effect with Kotlin's sam-with-receiver
 * compiler plugin configured with annotation {@code io.gradforge.dsl.builder.HasImplicitReceiver}
 * (the same device as Gradle's {@code org.gradle.api.HasImplicitReceiver}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HasImplicitReceiver {}
