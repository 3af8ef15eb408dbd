package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.WaitMode;
import dev.jawait.WaitResult;
import dev.jawait.testing.AsyncFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Tasks.wait} (asyncio's {@code wait}) and {@code Tasks.asCompleted} with a timeout, run by rewritten calls on
 * a loop with virtual time, so that every instant is exact.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Waits");
    }

    // Stages of 30 ms (slow), 10 ms (fast, or failing) and 20 ms (middle); timeout -1 means none.
    @ParameterizedTest(name = "{0}, timeout {1}, failing {2}")
    @CsvSource(delimiter = '|', value = {
        "FIRST_COMPLETED | -1 | false | done [fast], 2 pending at 10 ms; then [slow, fast, middle]",
        "FIRST_COMPLETED | -1 | true  | done [failed], 2 pending at 10 ms; then [slow, failed, middle]",
        "FIRST_EXCEPTION | -1 | true  | done [failed], 2 pending at 10 ms; then [slow, failed, middle]",
        "FIRST_EXCEPTION | -1 | false | done [slow, fast, middle], 0 pending at 30 ms; then [slow, fast, middle]",
        "ALL_COMPLETED   | -1 | true  | done [slow, failed, middle], 0 pending at 30 ms; then [slow, failed, middle]",
        "ALL_COMPLETED   | 15 | false | done [fast], 2 pending at 15 ms; then [slow, fast, middle]",
        "FIRST_COMPLETED |  5 | false | done [], 3 pending at 5 ms; then [slow, fast, middle]",
        "ALL_COMPLETED   | 50 | false | done [slow, fast, middle], 0 pending at 30 ms; then [slow, fast, middle]",
    })
    void waitEndsWhenItsModeIsMetOrItsTimeoutPassesAndCancelsNothing(String mode, long timeoutMillis,
            boolean failing, String expected) {
        Object outcome = Tasks.runWithVirtualTime(
                () -> fixture.call(fixture.rewritten(), "waitFor", mode, timeoutMillis, failing));

        assertEquals(expected, outcome);
    }

    @Test
    void theResultHoldsTheStagesPassedInInTheirOrder() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> third = CompletableFuture.completedFuture("third");

        WaitResult<CompletableFuture<String>> waited =
                Tasks.wait(List.of(first, second, third), WaitMode.FIRST_COMPLETED).join();

        assertSame(third, waited.done().get(0));
        assertEquals(List.of(first, second), waited.pending());
    }

    @Test
    void aCancelledStageIsNoExceptionForFirstException() {
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        CompletableFuture<String> other = new CompletableFuture<>();
        CompletableFuture<WaitResult<CompletableFuture<String>>> waiting =
                Tasks.wait(List.of(cancelled, other), WaitMode.FIRST_EXCEPTION);

        cancelled.cancel(true);
        assertFalse(waiting.isDone());
        other.completeExceptionally(new IllegalStateException("expected by the test"));

        assertEquals(List.of(cancelled, other), waiting.join().done());
    }

    @Test
    void cancellingTheWaitEndsItAndLeavesTheStagesRunning() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<WaitResult<CompletableFuture<String>>> waiting =
                Tasks.wait(List.of(stage), WaitMode.ALL_COMPLETED, Duration.ofHours(1));

        assertTrue(waiting.cancel(true));

        assertTrue(waiting.isCancelled());
        assertFalse(stage.isDone());
    }

    @Test
    void waitingForNoStagesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.wait(List.of(), WaitMode.ALL_COMPLETED));
    }

    @Test
    void asCompletedWithATimeoutFailsTheFuturesNoStageReachedInTimeAndCancelsNothing() {
        Object outcome = Tasks.runWithVirtualTime(() -> fixture.call(fixture.rewritten(), "asCompletedWithTimeout"));

        assertEquals("a at 10, b at 20, timeout at 25, then c: c at 30", outcome);
    }

    @Test
    void asCompletedWithATimeoutOffTheLoopUsesTheSharedTimer() {
        CompletableFuture<String> never = new CompletableFuture<>();

        List<CompletableFuture<String>> inOrder = Tasks.asCompleted(
                List.of(CompletableFuture.completedFuture("at once"), never), Duration.ofMillis(20));

        assertEquals("at once", inOrder.get(0).join());
        java.util.concurrent.CompletionException timedOut =
                assertThrows(java.util.concurrent.CompletionException.class, () -> inOrder.get(1).join());
        assertTrue(timedOut.getCause() instanceof java.util.concurrent.TimeoutException, timedOut.toString());
        assertFalse(never.isDone());
    }
    /** asyncio removes a wait's callbacks as it ends: a stage waited on round after round must not gather them. */
    @Test
    void waitsThatEndedLeaveNothingOnAStageStillPending() {
        CompletableFuture<String> longLived = new CompletableFuture<>();
        for (int round = 0; round < 1_000; round++) {
            CompletableFuture<String> quick = new CompletableFuture<>();
            CompletableFuture<WaitResult<CompletableFuture<String>>> first =
                    Tasks.wait(List.of(longLived, quick), WaitMode.FIRST_COMPLETED);
            quick.complete("round " + round);
            assertEquals(List.of(longLived), first.join().pending());
            assertTrue(Tasks.wait(List.of(longLived), WaitMode.ALL_COMPLETED).cancel(true)); // ended by a cancel
        }

        assertTrue(longLived.getNumberOfDependents() < 10, () -> longLived.getNumberOfDependents() + " callbacks left");
        CompletableFuture<WaitResult<CompletableFuture<String>>> last =
                Tasks.wait(List.of(longLived), WaitMode.ALL_COMPLETED);
        longLived.complete("at last");
        assertEquals(List.of(longLived), last.join().done());
    }

    @Test
    void asCompletedAfterItsTimeoutLeavesNothingOnAStageStillPending() {
        CompletableFuture<String> longLived = new CompletableFuture<>();
        for (int round = 0; round < 200; round++) {
            List<CompletableFuture<String>> inOrder = Tasks.asCompleted(List.of(longLived), Duration.ofMillis(1));
            assertThrows(java.util.concurrent.CompletionException.class, () -> inOrder.get(0).join());
        }

        // The timer's thread unlinks a round's callback just after failing its slot: the last round's may be left.
        assertTrue(longLived.getNumberOfDependents() < 10, () -> longLived.getNumberOfDependents() + " callbacks left");
    }
    /**
     * A stage completing unlinks its watch in constant time: with one registration stack shared by the whole wait, the
     * stages completing in the order they were passed walked it each time, n squared for the wait (some 5 seconds
     * for the 100,000 stages here).
     */
    @Test
    void aWaitOnManyStagesCostsAboutWhatAsManyCallbacksDo() {
        int stages = 100_000;
        long plain = timeCompleting(stages, futures -> {
            for (CompletableFuture<Integer> future : futures) {
                future.whenComplete((value, failure) -> { });
            }
        });
        long waited = timeCompleting(stages, futures -> Tasks.wait(futures, WaitMode.ALL_COMPLETED));

        assertTrue(waited < 20 * plain + 1_000_000_000L,
                () -> "the wait took " + waited / 1_000_000 + " ms, the callbacks " + plain / 1_000_000 + " ms");
    }

    /** Nanoseconds to complete {@code count} futures, in order, after {@code registration} has registered on them. */
    private static long timeCompleting(int count, java.util.function.Consumer<List<CompletableFuture<Integer>>>
            registration) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // the best of three: the first warms the JIT
            List<CompletableFuture<Integer>> futures = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                futures.add(new CompletableFuture<>());
            }
            registration.accept(futures);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                futures.get(i).complete(i);
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
