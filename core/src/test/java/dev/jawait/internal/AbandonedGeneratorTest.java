package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A generator body that emits again after swallowing its close's cancellation is given up: what is given up is the
 * generator's own end, never a stage the body returned, and the emit it is parked at cannot be cancelled into
 * resuming it.
 */
class AbandonedGeneratorTest {
    @Test
    void theEmitABodyIsAbandonedAtIgnoresACancel() {
        CompletableFuture<Object> end = new CompletableFuture<>();

        CompletableFuture<Void> parked = GeneratorIterator.abandon(end);

        assertFalse(parked.cancel(true), "a cancellation the body holds would resume it there");
        assertFalse(parked.isDone());
        assertInstanceOf(IllegalStateException.class, Failures.failureOf(end));
    }

    @Test
    void abandoningLeavesTheStageTheBodyReturnedAlone() {
        CompletableFuture<Object> returnedByBody = new CompletableFuture<>();
        AsyncIterator<Integer> generator = AsyncIterator.generate(out -> {
            out.emit(1).whenComplete((value, closed) -> {
                if (closed != null) { // the close's cancellation, swallowed
                    out.emit(2);
                }
            });
            return returnedByBody;
        });
        assertTrue(generator.hasNext().join());
        assertEquals(1, generator.next());

        CompletableFuture<Void> close = generator.closeAsync().toCompletableFuture();

        assertTrue(close.isCompletedExceptionally());
        try {
            close.join();
        } catch (CompletionException e) {
            assertTrue(e.getCause().getMessage().contains("it is abandoned at that emit"), e.getCause().getMessage());
        }
        assertFalse(returnedByBody.isDone(), "the body's own stage was completed from outside");
    }
}
