/**
 * jawait's API: {@link dev.jawait.Async} marks a method that may {@link dev.jawait.Await#await await} a future
 * without blocking; {@link dev.jawait.Tasks} runs event loops, sleeps, gathers, spawns and times out tasks; the
 * {@code Async*} types coordinate tasks without blocking threads. Code here depends on the JDK alone.
 *
 * <p>Methods are rewritten by the {@code jawait-agent} or {@code jawait-maven-plugin}; {@code dev.jawait.internal}
 * holds what rewritten code calls, which is not an API.
 */
package dev.jawait;
