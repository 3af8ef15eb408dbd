package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.EventLoop;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tasks.withTimeout} and the deadline scopes {@code withDeadline} and {@code moveOnAfter}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Deadlines");
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    @Test
    void aStageStillPendingAtTheTimeoutIsCancelledAndTheResultFailsWithTimeoutException() {
        CompletableFuture<String> never = new CompletableFuture<>();

        CompletableFuture<String> bounded = Tasks.withTimeout(never, Duration.ofMillis(20));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> bounded.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failed.getCause());
        assertTrue(never.isCancelled());
    }

    @Test
    void aStageThatCompletesInTimeGivesItsValueAndItsTimerIsDropped() {
        int timersLeft = Tasks.run(() -> Tasks.withTimeout(Tasks.sleep(1).thenApply(done -> "value"), HOUR)
                .thenCompose(value -> {
                    assertEquals("value", value);
                    return Tasks.sleep(0); // one more turn: the loop drops cancelled timers at the start of a turn
                })
                .thenApply(done -> EventLoop.current().pendingSleeps()));

        assertEquals(0, timersLeft);
    }

    @Test
    void argumentsRefusedBeforeTheClockStartsLeaveNoTimerBehind() {
        int timersLeft = Tasks.run(() -> {
            assertThrows(NullPointerException.class, () -> Tasks.withDeadline(HOUR, null));
            assertThrows(NullPointerException.class, () -> Tasks.moveOnAfter(HOUR, "fallback", null));
            assertThrows(IllegalStateException.class, () -> Tasks.withTimeout(new RefusingStage(), HOUR));
            IOException checked = new IOException("refused by the test");
            assertSame(checked, assertThrows(IOException.class,
                    () -> Tasks.withTimeout(new RefusingStage(checked), HOUR)));
            // A block whose stage cannot be converted fails the scope, as a block that throws does.
            return Tasks.withDeadline(HOUR, RefusingStage::new)
                    .handle((value, failure) -> assertInstanceOf(IllegalStateException.class, failure))
                    .thenCompose(failure -> Tasks.sleep(0)) // the loop drops cancelled timers at a turn's start
                    .thenApply(nextTurn -> EventLoop.current().pendingSleeps());
        });

        assertEquals(0, timersLeft);
    }

    /** A future of a subclass whose conversion, the first thing an await asks of it, throws. */
    private static final class RefusingStage extends CompletableFuture<String> {
        private final Throwable refusal;

        RefusingStage() {
            this(new IllegalStateException("refused by the test"));
        }

        /** {@code refusal} may be a checked exception, thrown sneakily. */
        RefusingStage(Throwable refusal) {
            this.refusal = refusal;
        }

        @Override
        public CompletableFuture<String> toCompletableFuture() {
            throw Failures.sneakyThrow(refusal);
        }
    }

    @Test
    void aFailureOfTheStageIsPassedOnUnwrapped() {
        CheckedFailure failure = new CheckedFailure("expected by the test");
        CompletableFuture<String> failing = new CompletableFuture<>();

        CompletableFuture<String> bounded = Tasks.withTimeout(failing, HOUR);
        failing.completeExceptionally(failure);

        ExecutionException failed = assertThrows(ExecutionException.class, bounded::get);
        assertSame(failure, failed.getCause());
    }

    @Test
    void cancellingTheBoundedFutureCancelsTheStageAndReportsCancellationNotTimeout() {
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> bounded = Tasks.withTimeout(never, HOUR);

        assertTrue(bounded.cancel(true));

        assertTrue(never.isCancelled());
        assertThrows(CancellationException.class, bounded::join);
    }

    @Test
    void theTimeoutOfASuspendedCallIsReportedOnlyAfterItsFinallyBlocksHaveRun() throws Exception {
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "slowCleanup", new CompletableFuture<>());

        CompletableFuture<Object> bounded = Tasks.withTimeout(call, Duration.ofMillis(10));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> bounded.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failed.getCause());
        assertEquals(List.of("cleanup over"), log(), "the call's cleanup ran before the timeout was reported");
        assertTrue(call.isCancelled());
    }

    /**
     * The timer fired and the call is still in its cleanup when the bounded future is cancelled from outside: it ends
     * with the cancellation, not a timeout (for a deadline scope nested in another whose deadline cancelled it, the
     * timeout to report is the outer one's).
     */
    @Test
    void aCancelAfterTheTimerFiredIsACancellationNotATimeout() {
        Throwable outcome = Tasks.runWithVirtualTime(() -> {
            CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "slowCleanup",
                    new CompletableFuture<String>());
            CompletableFuture<Object> bounded = Tasks.withTimeout(call, Duration.ofMillis(5));
            return Tasks.sleep(10).thenCompose(timerFired -> { // the call's cleanup sleeps until 25 ms
                assertFalse(bounded.isDone(), "still cleaning up");
                assertTrue(bounded.cancel(true));
                return bounded.handle((value, failure) -> Failures.unwrap(failure));
            });
        });

        assertInstanceOf(CancellationException.class, outcome);
    }

    /**
     * The inner deadline passes first, but the inner block's cleanup outlasts the outer deadline, which cancels the
     * outer block and, through it, the inner scope: the inner scope then reports that cancellation, not its own
     * timeout, so the outer block does not catch a timeout and carry on, and the outer scope reports its timeout.
     */
    @Test
    void anOuterDeadlineThatPassesDuringAnInnerScopesCleanupIsTheTimeoutReported() {
        TimeoutException timedOut = assertThrows(TimeoutException.class, () -> Tasks.runWithVirtualTime(
                () -> fixture.call(fixture.rewritten(), "innerCleanupOutlastsTheOuterDeadline", 50L, 10L, 100L,
                        new CompletableFuture<String>())));

        assertEquals("timed out after " + Duration.ofMillis(50), timedOut.getMessage());
    }

    @Test
    void anInnerScopeThatTimesOutIsAnExceptionTheOuterBlockCatchesAndGoesOn() {
        Object outcome = Tasks.run(() -> fixture.call(fixture.rewritten(), "nested", 10_000L, 20L,
                new CompletableFuture<String>()));

        assertEquals("inner timed out, outer went on", outcome);
        assertEquals(List.of("inner block cleaned up"), log());
    }

    @Test
    void whenTheOuterDeadlinePassesFirstTheInnerBlockSeesACancellationAndOnlyTheOuterScopeTimesOut() {
        assertThrows(TimeoutException.class, () -> Tasks.run(() -> fixture.call(fixture.rewritten(), "nested",
                20L, 10_000L, new CompletableFuture<String>())));

        assertEquals(List.of("inner block cleaned up", "outer block saw CancellationException"), log());
    }

    @Test
    void moveOnAfterGivesTheFallbackWhenTheDeadlinePasses() {
        CompletableFuture<String> never = new CompletableFuture<>();

        String value = Tasks.run(() -> Tasks.moveOnAfter(Duration.ofMillis(10), "fallback", () -> never));

        assertEquals("fallback", value);
        assertTrue(never.isCancelled());
    }

    @Test
    void aBlockThatThrowsFailsTheScopeWithItsException() {
        IllegalStateException failure = new IllegalStateException("expected by the test");

        CompletableFuture<String> scope = Tasks.withDeadline(HOUR, () -> {
            throw failure;
        });

        ExecutionException failed = assertThrows(ExecutionException.class, scope::get);
        assertSame(failure, failed.getCause());
    }

    /**
     * Stages completed on another thread right around their deadline: each bounded future either has the value (and
     * the stage was not cancelled) or timed out (and the stage was cancelled); never both, never neither.
     */
    @Test
    void aValueRacingTheTimeoutIsEitherDeliveredOrTheStageWasCancelled() throws Exception {
        int stages = 500;
        ExecutorService completer = Executors.newFixedThreadPool(2);
        try {
            int values = 0;
            int timeouts = 0;
            for (int i = 0; i < stages; i++) {
                CompletableFuture<Integer> stage = new CompletableFuture<>();
                CompletableFuture<Integer> bounded = Tasks.withTimeout(stage, Duration.ofMillis(1));
                int value = i;
                completer.execute(() -> {
                    Spin.forNanos(TimeUnit.MICROSECONDS.toNanos(value % 3 * 500));
                    stage.complete(value);
                });
                try {
                    assertEquals(value, bounded.get(5, TimeUnit.SECONDS));
                    assertFalse(stage.isCancelled());
                    values++;
                } catch (ExecutionException e) {
                    assertInstanceOf(TimeoutException.class, e.getCause());
                    assertTrue(stage.isCancelled());
                    timeouts++;
                }
            }
            assertEquals(stages, values + timeouts);
            System.out.println("timeout race: " + values + " values, " + timeouts + " timeouts");
        } finally {
            completer.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        return (List<String>) Fixtures.staticField(fixture, "fx.Deadlines", "LOG");
    }

    /** Busy-waits briefly: Thread.sleep is too coarse to land near a one-millisecond deadline. */
    private static final class Spin {
        static void forNanos(long nanos) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }
    }
}
