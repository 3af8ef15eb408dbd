package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncEvent;
import dev.jawait.AsyncLock;
import dev.jawait.AsyncQueue;
import dev.jawait.AsyncSemaphore;
import dev.jawait.Hold;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A waiter of a lock, a semaphore, a queue or an event that is ended by anything but being served (a cancel, a
 * timeout of {@code orTimeout} or {@code completeOnTimeout}, its user completing it) gives up its place: what the
 * primitive hands out next goes to the next waiter, or stays, never to the waiter that is gone.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GivingUpTest {
    /** Every way a waiting future can end without its server. */
    enum Ending {
        CANCEL(f -> f.cancel(true)),
        COMPLETE(f -> f.complete(null)),
        COMPLETE_EXCEPTIONALLY(f -> f.completeExceptionally(new TimeoutException("by hand"))),
        OBTRUDE_VALUE(f -> f.obtrudeValue(null)),
        OBTRUDE_EXCEPTION(f -> f.obtrudeException(new TimeoutException("forced"))),
        OR_TIMEOUT(f -> f.orTimeout(1, TimeUnit.MILLISECONDS)),
        COMPLETE_ON_TIMEOUT(f -> f.completeOnTimeout(null, 1, TimeUnit.MILLISECONDS)),
        COMPLETE_ASYNC(f -> f.completeAsync(() -> null));

        private final Consumer<CompletableFuture<Object>> end;

        Ending(Consumer<CompletableFuture<Object>> end) {
            this.end = end;
        }

        /** Ends {@code waiter} this way and waits until it is done. */
        @SuppressWarnings("unchecked")
        void end(CompletableFuture<?> waiter) throws InterruptedException {
            end.accept((CompletableFuture<Object>) waiter);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!waiter.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(waiter.isDone(), name() + " did not end the waiter");
        }
    }

    /**
     * A hold's acquisition is given up by the hold's own completion, on the thread that ended the hold (a timeout's
     * thread, the pool of {@code completeAsync}), just after the hold is done: this thread may see it done before.
     */
    private static void leftTheQueue(AsyncSemaphore semaphore, String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (semaphore.waiting() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, semaphore.waiting(), message);
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aLockWaiterEndedSoDoesNotTakeTheLockWithIt(Ending ending) throws Exception {
        AsyncLock lock = new AsyncLock();
        assertTrue(lock.tryLock());
        CompletableFuture<Void> gone = lock.lock();
        CompletableFuture<Void> next = lock.lock();
        ending.end(gone);

        lock.unlock();

        assertTrue(next.isDone() && !next.isCompletedExceptionally(), "the next waiter has the lock");
        next.join();
        lock.unlock();
        assertFalse(lock.isLocked(), "the lock went to a waiter that had gone, for ever");
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aHoldEndedSoLeavesAtOnceAndTakesNoPermit(Ending ending) throws Exception {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        CompletableFuture<Hold> gone = semaphore.hold();
        ending.end(gone);
        leftTheQueue(semaphore, "the hold's waiter left the queue");

        semaphore.release();

        assertEquals(1, semaphore.availablePermits(), "the permit was handed to a hold that had gone");
    }

    /**
     * Many holds that timed out while the lock was held: each left the queue when it ended, so the unlock neither
     * hands the lock to each of them in turn (each releasing it inside the release before it, until the stack
     * overflowed and one level never released it) nor keeps them until then.
     */
    @Test
    void manyHoldsThatTimedOutDoNotOverflowTheUnlockOrLeakTheLock() {
        AsyncLock lock = new AsyncLock();
        assertTrue(lock.tryLock());
        for (int i = 0; i < 100_000; i++) {
            lock.hold().completeExceptionally(new TimeoutException("gave up"));
        }

        lock.unlock();

        CompletableFuture<Void> later = lock.lock();
        assertTrue(later.isDone() && !later.isCompletedExceptionally(), "a later lock() has the lock");
        lock.unlock();
        assertFalse(lock.isLocked());
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aSemaphoreWaiterEndedSoLeavesAtOnceAndTakesNoPermit(Ending ending) throws Exception {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        CompletableFuture<Void> gone = semaphore.acquire();
        ending.end(gone);
        assertEquals(0, semaphore.waiting(), "the waiter left the queue");

        semaphore.release();

        assertEquals(1, semaphore.availablePermits(), "the permit was handed to a waiter that had gone");
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aTakeEndedSoDoesNotSwallowTheNextItem(Ending ending) throws Exception {
        AsyncQueue<String> queue = new AsyncQueue<>();
        CompletableFuture<String> gone = queue.take();
        ending.end(gone);

        queue.put("item");

        assertEquals(1, queue.size(), "the item went to a take that had gone");
        assertEquals("item", queue.poll());
        queue.taskDone();
        assertTrue(queue.join().isDone(), "no item lost counts as unfinished for ever");
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aPutEndedSoPutsNothingLater(Ending ending) throws Exception {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        queue.put("first");
        CompletableFuture<Void> gone = queue.put("given up");
        ending.end(gone);

        assertEquals("first", queue.poll());

        assertNull(queue.poll(), "the put that had gone still put its item when room came");
        assertEquals(1, queue.unfinishedTasks());
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void anEventWaiterEndedSoIsNotKeptUntilTheEventIsSet(Ending ending) throws Exception {
        AsyncEvent event = new AsyncEvent();
        CompletableFuture<Void> other = event.whenSet();
        assertCollected(endedWhenSet(event, ending), "an event never set kept every wait that had ended");

        event.set();

        assertTrue(other.isDone(), "a wait still waiting is served as before");
    }

    private static WeakReference<CompletableFuture<Void>> endedWhenSet(AsyncEvent event, Ending ending)
            throws InterruptedException {
        CompletableFuture<Void> gone = event.whenSet();
        ending.end(gone);
        return new WeakReference<>(gone);
    }

    private static void assertCollected(WeakReference<?> reference, String message) throws InterruptedException {
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(reference.get(), message);
    }

    @Test
    void aJoinThatTimedOutIsNotKeptByTheQueue() throws Exception {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.put("never done");
        assertCollected(timedOutJoin(queue), "a queue under steady work kept every join() that timed out");
        CompletableFuture<Void> joined = queue.join();
        queue.poll();
        queue.taskDone();
        assertTrue(joined.isDone(), "a join still waiting is served as before");
    }

    private static WeakReference<CompletableFuture<Void>> timedOutJoin(AsyncQueue<String> queue) {
        CompletableFuture<Void> join = queue.join().orTimeout(1, TimeUnit.MILLISECONDS);
        CompletionException failure = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                join::join);
        assertTrue(failure.getCause() instanceof TimeoutException, String.valueOf(failure.getCause()));
        return new WeakReference<>(join);
    }

    @Test
    void aHoldWhoseReleaseFailsFailsItsCloseInsteadOfThrowing() {
        AsyncLock lock = new AsyncLock();
        Hold held = lock.hold().join();
        lock.unlock(); // by hand, inside the block

        CompletionStage<Void> closed = held.closeAsync();

        Throwable failure = closed.toCompletableFuture().handle((value, thrown) -> thrown).join();
        assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
        assertTrue(closed.toCompletableFuture().isCompletedExceptionally());
    }
}
