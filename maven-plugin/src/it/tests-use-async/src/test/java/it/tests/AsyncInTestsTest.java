package it.tests;

import static dev.jawait.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncInTestsTest {
    @Async
    static CompletableFuture<String> twice(CompletableFuture<String> value) {
        String first = await(value);
        return CompletableFuture.completedFuture(first + first);
    }

    @Test
    void asyncHelpersInTestCodeAreRewritten() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> result = twice(pending);
        assertFalse(result.isDone());
        pending.complete("ab");
        assertEquals("abab", result.join());
    }
}
