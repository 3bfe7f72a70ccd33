package io.gradforge.dsl.builder;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On every builder of this package. Being meta-annotated with {@link kotlin.DslMarker}, it stops a Kotlin
 * block from calling an outer block's methods through an implicit receiver: inside
 * {@code defaults { }} the call {@code dense(64)} does not compile, though the outer network block has
 * {@code dense}. Java ignores it. kotlin-stdlib is an optional dependency of this module for this one
 * reference: javac and the JVM skip an annotation whose class is absent, so Java users need not have it.
 */
@SuppressWarnings("exports") // kotlin.DslMarker is for Kotlin compilers only; Java users need not read kotlin.stdlib
@kotlin.DslMarker
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GradforgeDsl {}
