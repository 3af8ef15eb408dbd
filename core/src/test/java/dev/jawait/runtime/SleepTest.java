package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Sleeps outside any event loop, which the shared timer keeps. */
class SleepTest {
    @Test
    void aSleepOfOneHundredMillisecondsTakesAboutThatLong() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Thread> completedOn = Tasks.sleep(100).thenApply(done -> Thread.currentThread());
        Thread thread = completedOn.get(5, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 95, "woke after " + elapsedMillis + " ms");
        assertTrue(elapsedMillis < 2_000, "woke after " + elapsedMillis + " ms");
        assertNotEquals("jawait-timer", thread.getName(), "callbacks must not run on the timer thread");
    }

    @Test
    void aSleepGivenAsADurationTakesAboutThatLong() throws Exception {
        long start = System.nanoTime();
        Tasks.sleep(Duration.ofMillis(100)).get(5, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 95 && elapsedMillis < 2_000, "woke after " + elapsedMillis + " ms");
    }

    @Test
    void aShortSleepIsNotHeldUpByALongerOneStartedEarlier() throws Exception {
        CompletableFuture<Void> longer = Tasks.sleep(Duration.ofSeconds(10));
        long start = System.nanoTime();
        Tasks.sleep(50).get(5, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(longer.isDone());
        assertTrue(elapsedMillis < 2_000, "woke after " + elapsedMillis + " ms");
        longer.cancel(false);
    }

    @Test
    void aZeroSleepOutsideALoopIsAlreadyComplete() {
        assertTrue(Tasks.sleep(0).isDone());
        assertTrue(Tasks.sleep(Duration.ZERO).isDone());
    }

    @Test
    void aNegativeSleepIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.sleep(-1));
        assertThrows(IllegalArgumentException.class, () -> Tasks.sleep(Duration.ofNanos(-1)));
    }

    @Test
    void aSleepTooLongForNanosecondsIsAcceptedAndStaysPending() {
        CompletableFuture<Void> ages = Tasks.sleep(Duration.ofDays(365L * 1_000_000));
        CompletableFuture<Void> maxMillis = Tasks.sleep(Long.MAX_VALUE);

        assertFalse(ages.isDone());
        assertFalse(maxMillis.isDone());
        ages.cancel(false);
        maxMillis.cancel(false);
    }

    @Test
    void aMillionConcurrentSleepsAllCompleteWithoutAThreadPerSleep() throws Exception {
        int sleeps = 1_000_000;
        int threadsBefore = Thread.activeCount();
        AtomicInteger woken = new AtomicInteger();
        CompletableFuture<Void> allWoken = new CompletableFuture<>();

        long start = System.nanoTime();
        for (int i = 0; i < sleeps; i++) {
            Tasks.sleep(20 + i % 31).thenRun(() -> {
                if (woken.incrementAndGet() == sleeps) {
                    allWoken.complete(null);
                }
            });
        }
        int mostThreads = Thread.activeCount();
        while (!allWoken.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
            mostThreads = Math.max(mostThreads, Thread.activeCount());
            Thread.sleep(5);
        }
        allWoken.get(1, TimeUnit.SECONDS);

        assertEquals(sleeps, woken.get());
        // The common pool may start its workers for the wake-ups; anything beyond that would be threads per sleep.
        int allowedThreads = threadsBefore + ForkJoinPool.getCommonPoolParallelism() + 4;
        assertTrue(mostThreads <= allowedThreads,
                "threads went from " + threadsBefore + " to " + mostThreads + " for " + sleeps + " sleeps");
    }

    @Test
    void cancellingSleepsRemovesThemFromTheSharedTimer() throws Exception {
        int before = Timer.pendingSleeps();
        List<CompletableFuture<Void>> sleeps = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sleeps.add(Tasks.sleep(Duration.ofHours(1)));
        }
        awaitTrue(() -> Timer.pendingSleeps() >= before + 9_000, "the timer never held the new sleeps");

        sleeps.forEach(sleep -> sleep.cancel(false));

        awaitTrue(() -> Timer.pendingSleeps() <= before, "cancelled sleeps stayed in the timer");
        assertTrue(sleeps.stream().allMatch(CompletableFuture::isCancelled));
    }

    /** Completed early any way but a cancel (by the program, or by {@code orTimeout}), a sleep leaves the timer too. */
    @Test
    void sleepsCompletedEarlyAreRemovedFromTheSharedTimer() throws Exception {
        int before = Timer.pendingSleeps();
        List<CompletableFuture<Void>> sleeps = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sleeps.add(Tasks.sleep(Duration.ofDays(365)));
        }
        awaitTrue(() -> Timer.pendingSleeps() >= before + 1_800, "the timer never held the new sleeps");

        for (int i = 0; i < sleeps.size(); i++) {
            completeEarly(sleeps.get(i), i);
        }

        awaitTrue(() -> Timer.pendingSleeps() <= before, "sleeps completed early stayed in the timer");
        assertTrue(sleeps.stream().allMatch(CompletableFuture::isDone));
    }

    /** One of the ways a program may end a sleep early other than by cancelling it, picked by {@code way}. */
    static void completeEarly(CompletableFuture<Void> sleep, int way) {
        switch (way % 5) {
            case 0:
                sleep.complete(null);
                break;
            case 1:
                sleep.completeExceptionally(new IllegalStateException("early"));
                break;
            case 2:
                sleep.obtrudeValue(null);
                break;
            case 3:
                sleep.obtrudeException(new IllegalStateException("early"));
                break;
            default:
                sleep.orTimeout(1, TimeUnit.MILLISECONDS).exceptionally(timedOut -> null);
                break;
        }
    }

    @Test
    void aCancelledSleepReportsCancellationToItsCallbacks() {
        CompletableFuture<Void> sleep = Tasks.sleep(Duration.ofHours(1));
        CompletableFuture<Throwable> seen = sleep.handle((value, failure) -> failure);

        sleep.cancel(false);

        assertSame(java.util.concurrent.CancellationException.class, seen.join().getClass());
    }

    private static void awaitTrue(BooleanSupplier condition, String failureMessage) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failureMessage);
            }
            Thread.sleep(5);
        }
    }
}
