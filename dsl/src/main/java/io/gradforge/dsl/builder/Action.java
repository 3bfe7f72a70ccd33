package io.gradforge.dsl.builder;

/**
 * Configures a builder; the body of a nested block. In Java a lambda {@code d -> d.setActivation(RELU)};
 * in Kotlin (with sam-with-receiver) a receiver lambda {@code { activation = RELU }}.
 *
 * @param <T> what is configured
 */
@FunctionalInterface
@HasImplicitReceiver
public interface Action<T> {

    /** Configures {@code t}. */
    void execute(T t);
}
