package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sleeps started on an event loop's thread, which the loop keeps itself. */
// A broken loop tends to hang rather than fail; a separate thread lets the timeout end the test anyway.
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopSleepTest {
    @Test
    void aLoopSleepTakesAboutAsLongAsAskedAndCompletesOnTheLoopThread() {
        Thread caller = Thread.currentThread();
        long start = System.nanoTime();
        Thread completedOn =
                Tasks.run(() -> Tasks.sleep(Duration.ofMillis(100)).thenApply(done -> Thread.currentThread()));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertSame(caller, completedOn);
        assertTrue(elapsedMillis >= 95 && elapsedMillis < 2_000, "took " + elapsedMillis + " ms");
    }

    @Test
    void sleepsWakeInDeadlineOrderWhateverOrderTheyStartedIn() {
        List<String> order = Tasks.run(() -> {
            List<String> woke = new ArrayList<>();
            List<CompletableFuture<Void>> sleeps = new ArrayList<>();
            for (String name : List.of("40ms", "0ms-a", "20ms", "0ms-b", "30ms", "0ms-c")) {
                long millis = Long.parseLong(name.substring(0, name.indexOf("ms")));
                sleeps.add(Tasks.sleep(millis).thenRun(() -> woke.add(name)));
            }
            return Tasks.gather(sleeps).thenApply(done -> woke);
        });

        assertEquals(List.of("0ms-a", "0ms-b", "0ms-c", "20ms", "30ms", "40ms"), order);
    }

    @Test
    void aZeroSleepOnALoopCompletesAtALaterTurnNotAtOnce() {
        AtomicReference<Boolean> doneAtOnce = new AtomicReference<>();
        Thread completedOn = Tasks.run(() -> {
            CompletableFuture<Void> zero = Tasks.sleep(0);
            doneAtOnce.set(zero.isDone());
            return zero.thenApply(done -> Thread.currentThread());
        });

        assertFalse(doneAtOnce.get());
        assertSame(Thread.currentThread(), completedOn);
    }

    @Test
    void aCallbackThatKeepsStartingZeroSleepsDoesNotStarveTasks() {
        String value = Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<String> taskRan = new CompletableFuture<>();
            boolean[] taskSubmitted = new boolean[1];
            Runnable[] sleepAgain = new Runnable[1];
            sleepAgain[0] = () -> {
                if (!taskSubmitted[0]) {
                    // Submitted from a timer callback, so that only a later turn can run it.
                    loop.execute(() -> taskRan.complete("the task ran"));
                    taskSubmitted[0] = true;
                }
                if (!taskRan.isDone()) {
                    Tasks.sleep(0).thenRun(sleepAgain[0]);
                }
            };
            Tasks.sleep(0).thenRun(sleepAgain[0]);
            return taskRan;
        });

        assertEquals("the task ran", value);
    }

    @Test
    void aHundredThousandSleepsOnOneLoopAllCompleteOnTheLoopThread() {
        int sleeps = 100_000;
        Thread caller = Thread.currentThread();

        long offLoop = Tasks.run(() -> {
            List<CompletableFuture<Boolean>> onLoopThread = new ArrayList<>(sleeps);
            for (int i = 0; i < sleeps; i++) {
                onLoopThread.add(Tasks.sleep(i % 50).thenApply(done -> Thread.currentThread() == caller));
            }
            return Tasks.gather(onLoopThread).thenApply(flags -> flags.stream().filter(on -> !on).count());
        });

        assertEquals(0, offLoop, "sleeps completed off the loop thread");
    }

    @Test
    void cancelledLoopSleepsAreDroppedByTheNextTurn() {
        int[] pending = Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            List<CompletableFuture<Void>> sleeps = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                sleeps.add(Tasks.sleep(Duration.ofHours(1)));
            }
            int afterStarting = loop.pendingSleeps();
            sleeps.forEach(sleep -> sleep.cancel(false));
            return Tasks.sleep(0).thenApply(nextTurn -> new int[] {afterStarting, loop.pendingSleeps()});
        });

        assertEquals(1_000, pending[0]);
        assertEquals(0, pending[1]);
    }

    @Test
    void loopSleepsCompletedEarlyAreDroppedByTheNextTurn() {
        int[] pending = Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            List<CompletableFuture<Void>> sleeps = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                sleeps.add(Tasks.sleep(Duration.ofHours(1)));
            }
            int afterStarting = loop.pendingSleeps();
            for (int i = 0; i < 1_000; i++) {
                if (i % 5 != 4) { // orTimeout's timeout comes from the JDK's own thread, later: the four others
                    SleepTest.completeEarly(sleeps.get(i), i);
                }
            }
            return Tasks.sleep(0).thenApply(nextTurn -> new int[] {afterStarting, loop.pendingSleeps()});
        });

        assertEquals(1_000, pending[0]);
        assertEquals(200, pending[1]);
    }

    @Test
    void aSleepStillPendingWhenTheLoopClosesIsCancelledBeforeRunReturns() {
        CompletableFuture<Void> leftBehind = Tasks.run(() -> CompletableFuture.completedFuture(Tasks.sleep(100)));

        assertTrue(leftBehind.isCancelled(), "the loop's time is over, so its pending sleeps are cancelled");
    }

    @Test
    void aNegativeSleepOnALoopIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.run(() -> Tasks.sleep(-5)));
    }
}
