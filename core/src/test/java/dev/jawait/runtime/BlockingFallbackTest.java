package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jawait.Await;
import dev.jawait.Tasks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code -Djawait.blockingFallback=true}: an await in code that jawait did not rewrite (this test class) blocks until
 * the stage completes, then returns its value or throws its original exception. A jawait future (here a gather's)
 * pending when the await starts must be waited for, not read as null.
 */
class BlockingFallbackTest {
    private String before;

    @BeforeEach
    void allowBlocking() {
        before = System.setProperty(Await.BLOCKING_FALLBACK_PROPERTY, "true");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Await.BLOCKING_FALLBACK_PROPERTY);
        } else {
            System.setProperty(Await.BLOCKING_FALLBACK_PROPERTY, before);
        }
    }

    @Test
    void aPendingJawaitFutureIsWaitedFor() {
        CompletableFuture<Integer> later = new CompletableFuture<>();
        CompletableFuture<List<Integer>> gathered = Tasks.gather(later);
        assertFalse(gathered.isDone());
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> later.complete(7));

        assertEquals(List.of(7), Await.await(gathered));
    }

    @Test
    void aPendingJawaitFutureThatFailsThrowsTheOriginalException() {
        CompletableFuture<Integer> later = new CompletableFuture<>();
        CompletableFuture<List<Integer>> gathered = Tasks.gather(later);
        ArithmeticException failure = new ArithmeticException("failed later");
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                .execute(() -> later.completeExceptionally(failure));

        assertSame(failure, assertThrows(ArithmeticException.class, () -> Await.await(gathered)));
    }
}
