package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A rewritten method's first run is the method itself, so a call that does not suspend costs one JVM frame, as the
 * method before rewriting did. How deep a recursion through a variable goes depends on the JIT (inlined or not,
 * compiled or not), so that depth is measured by the benchmarks' {@code RecursionDepth}, not asserted here; one
 * through awaits of direct calls goes as deep as the heap allows ({@code DeepRecursionTest}).
 */
class SynchronousRecursionTest {
    private static AsyncFixture fresh() throws Exception {
        return AsyncFixture.clean("fx.Recursion", FixtureSuiteTest.source("Recursion"), 11);
    }

    /** Runs {@code method(argument)} as the first call of a new thread with the JVM's default stack size. */
    private static Object onDefaultStack(AsyncFixture fixture, String method, int argument) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(fixture.call(fixture.rewritten(), method, argument));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        thread.start();
        thread.join();
        return outcome.get();
    }

    @Test
    void aCallThatDoesNotSuspendIsOneJvmFramePerLevel() throws Exception {
        CompletableFuture<?> call = (CompletableFuture<?>) onDefaultStack(fresh(), "framesPerLevel", 10);
        assertEquals(11L, call.join());
    }

    /**
     * Through a variable, not an inner call: an await of a direct call has no depth to overflow at (see {@code
     * DeepRecursionTest}).
     */
    @Test
    void aCallThatOverflowsTheStackFailsItsFutureInsteadOfThrowing() throws Exception {
        Object outcome = onDefaultStack(fresh(), "countDownThroughVariable", 10_000_000);
        assertTrue(outcome instanceof CompletableFuture, "returned a future, did not throw: " + outcome);
        CompletableFuture<?> call = (CompletableFuture<?>) outcome;
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertTrue(failed.getCause() instanceof StackOverflowError, String.valueOf(failed.getCause()));
    }
}
