package dev.jawait;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off jawait's build-time checks for one method (or every method of a class), where the code is right on
 * purpose: {@code @SuppressChecks("blocking-call")} on a method that must call {@code Future.get()}, for instance.
 * Checks: {@code "never-awaited"} (a future that is dropped), {@code "blocking-call"} (a call that blocks its thread),
 * {@code "cancellation-caught"} (an await in a {@code try} whose {@code catch (IllegalStateException)} would catch a
 * cancellation).
 * Misuses that keep a method from being rewritten cannot be suppressed.
 *
 * <p>Not {@code @SuppressWarnings}: javac drops that annotation, and jawait reads class files.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SuppressChecks {
    /** The names of the checks to turn off. */
    String[] value();
}
