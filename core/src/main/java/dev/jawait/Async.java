package dev.jawait;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may {@link Await#await suspend}: the jawait agent or build plugin rewrites it into a
 * state machine that returns its future at the first await that is not already complete, and resumes where it left
 * off when the awaited future completes.
 *
 * <p>Calling the method starts it at once, unlike a Python coroutine, which runs only once awaited: the body runs
 * up to its first await that suspends, and the call goes on whether or not its future is awaited. To defer a call,
 * pass a {@code Supplier} of it ({@code () -> fetch(uri)}), as {@link Tasks#spawn} takes.
 *
 * <p>The method must return {@link java.util.concurrent.CompletionStage}, {@link
 * java.util.concurrent.CompletableFuture}, or a subtype of {@code CompletionStage}. Any exception its body throws,
 * even before the first await, fails the returned future instead of reaching the caller.
 *
 * <p>Lambdas cannot be annotated; a lambda whose functional method returns a {@code CompletionStage} and that calls
 * {@code await} is rewritten as if it were annotated.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
