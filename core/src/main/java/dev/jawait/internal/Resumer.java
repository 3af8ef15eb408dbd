package dev.jawait.internal;

/**
 * Re-enters a format-2 rewritten method's body with its saved frame ({@link AsyncFrame}). The transformer emitted one
 * per method as a non-capturing lambda, so the JVM shares a single instance for every call of that method.
 */
@FunctionalInterface
public interface Resumer {
    /** Returns {@code frame} itself if the body suspended again, else the stage the body returned. */
    Object resume(AsyncFrame frame);
}
