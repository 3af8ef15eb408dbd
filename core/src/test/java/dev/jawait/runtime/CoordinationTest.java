package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncEvent;
import dev.jawait.AsyncLock;
import dev.jawait.AsyncQueue;
import dev.jawait.AsyncSemaphore;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AsyncSemaphore}, {@link AsyncLock}, {@link AsyncEvent} and {@link AsyncQueue}: fair, cancellation-safe. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CoordinationTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Coordination");
    }

    @Test
    void tenThousandFetchesWithASemaphoreOfFiftyNeverHaveMoreThanFiftyInFlight() throws Exception {
        long start = System.nanoTime();
        Object outcome = call("fetchAll", 10_000, 50).get(20, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("10000 fetched, sum 49995000, at most 50 in flight, 50 permits free", outcome);
        System.out.println("semaphore: 10,000 fetches, 50 in flight, in " + millis + " ms");
    }

    @Test
    void waitingAcquirersGetPermitsInTheOrderTheyAsked() {
        AsyncSemaphore permits = new AsyncSemaphore(1);
        assertTrue(permits.acquire().isDone());
        List<CompletableFuture<Void>> waiting = List.of(permits.acquire(), permits.acquire(), permits.acquire());

        permits.release();

        assertTrue(waiting.get(0).isDone());
        assertFalse(waiting.get(1).isDone());
        assertFalse(permits.tryAcquire(), "a new acquirer does not overtake the waiting ones");
        permits.release();
        assertTrue(waiting.get(1).isDone());
        assertFalse(waiting.get(2).isDone());
    }

    @Test
    void aCancelledAcquirerGivesUpItsPlaceAndTakesNoPermit() {
        AsyncSemaphore permits = new AsyncSemaphore(0);
        CompletableFuture<Void> cancelled = permits.acquire();
        CompletableFuture<Void> next = permits.acquire();

        assertTrue(cancelled.cancel(true));
        permits.release();

        assertTrue(next.isDone() && !next.isCompletedExceptionally());
        assertEquals(0, permits.waiting());
        permits.release();
        assertEquals(1, permits.availablePermits());
    }

    @Test
    void aCancelledCallWaitingForAPermitLeavesNoPermitHeld() {
        AsyncSemaphore permits = new AsyncSemaphore(1);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<Object> holder = call("holdPermit", permits, work);
        CompletableFuture<Object> waiter = call("holdPermit", permits, new CompletableFuture<String>());

        assertTrue(waiter.cancel(true));
        work.complete("done");

        assertTrue(waiter.isCancelled());
        assertEquals("done", holder.join());
        assertEquals(1, permits.availablePermits());
    }

    /**
     * One thread cancels waiting acquirers while another releases permits: every permit ends either with an acquirer
     * that was not cancelled or free in the semaphore, never lost, never given twice.
     */
    @Test
    void cancellingAcquirersWhilePermitsAreReleasedNeverLosesNorDoublesAPermit() throws Exception {
        for (int round = 0; round < 20; round++) {
            int acquirers = 1000;
            int released = 500;
            AsyncSemaphore permits = new AsyncSemaphore(0);
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < acquirers; i++) {
                waiting.add(permits.acquire());
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = start(go, () -> waiting.forEach(w -> w.cancel(true)));
            Thread releaser = start(go, () -> {
                for (int i = 0; i < released; i++) {
                    permits.release();
                }
            });
            go.countDown();
            canceller.join();
            releaser.join();

            long granted = waiting.stream().filter(w -> w.isDone() && !w.isCancelled()).count();
            assertEquals(acquirers, granted + waiting.stream().filter(CompletableFuture::isCancelled).count());
            assertEquals(released, granted + permits.availablePermits(), "permits granted plus free");
            assertEquals(0, permits.waiting());
        }
    }

    @Test
    void underTheLockCodeThatAwaitsNeverOverlapsEvenWhenCallsResumeOnManyThreads() throws Exception {
        Object outcome = call("criticalSections", 50, 20).get(20, TimeUnit.SECONDS);

        assertEquals("counter 1000, overlaps 0, locked false", outcome);
    }

    @Test
    void unlockingALockThatIsNotHeldIsRefused() {
        AsyncLock lock = new AsyncLock();

        assertThrows(IllegalStateException.class, lock::unlock);
        assertTrue(lock.tryLock());
        lock.unlock();
        assertFalse(lock.isLocked());
    }

    @Test
    void releasingPastTheMaximumPermitCountIsRefusedNotLost() {
        AsyncSemaphore semaphore = new AsyncSemaphore(Integer.MAX_VALUE);

        assertThrows(IllegalStateException.class, semaphore::release);
        assertEquals(Integer.MAX_VALUE, semaphore.availablePermits());
        assertTrue(semaphore.tryAcquire());
        semaphore.release();
        assertEquals(Integer.MAX_VALUE, semaphore.availablePermits());
    }

    @Test
    void settingAnEventWakesEveryWaiterButOneThatWasCancelled() {
        AsyncEvent event = new AsyncEvent();
        CompletableFuture<Void> first = event.whenSet();
        CompletableFuture<Void> cancelled = event.whenSet();
        CompletableFuture<Void> last = event.whenSet();
        cancelled.cancel(true);

        event.set();

        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertTrue(last.isDone() && !last.isCompletedExceptionally());
        assertTrue(cancelled.isCancelled());
        assertTrue(event.whenSet().isDone(), "while set, a wait is over at once");
        event.clear();
        assertFalse(event.whenSet().isDone());
    }

    @Test
    void aQueueHandsItemsOutInOrderAndAPutWaitsWhileItIsFull() {
        AsyncQueue<String> queue = new AsyncQueue<>(2);
        assertTrue(queue.put("a").isDone());
        assertTrue(queue.put("b").isDone());

        CompletableFuture<Void> third = queue.put("c");

        assertFalse(third.isDone(), "back-pressure: no room for a third item");
        assertEquals("a", queue.take().join());
        assertTrue(third.isDone());
        assertEquals("b", queue.take().join());
        assertEquals("c", queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void aCancelledTakeLosesNoItemAndACancelledPutPutsNothing() {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        CompletableFuture<String> cancelledTake = queue.take();
        cancelledTake.cancel(true);

        queue.put("kept");

        assertEquals("kept", queue.poll());
        queue.put("fills the queue");
        CompletableFuture<Void> cancelledPut = queue.put("never put");
        cancelledPut.cancel(true);
        assertEquals("fills the queue", queue.take().join());
        assertNull(queue.poll());
    }

    /** Takers cancelled while another thread puts: each item reaches exactly one live taker or stays queued. */
    @Test
    void cancellingTakersWhileItemsArePutNeitherLosesNorDuplicatesAnItem() throws Exception {
        for (int round = 0; round < 20; round++) {
            int count = 1000;
            AsyncQueue<Integer> queue = new AsyncQueue<>(count);
            List<CompletableFuture<Integer>> takers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                takers.add(queue.take());
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = start(go, () -> takers.forEach(t -> t.cancel(true)));
            Thread putter = start(go, () -> {
                for (int i = 0; i < count; i++) {
                    queue.put(i);
                }
            });
            go.countDown();
            canceller.join();
            putter.join();

            Set<Integer> items = new HashSet<>();
            for (CompletableFuture<Integer> taker : takers) {
                if (!taker.isCancelled()) {
                    assertTrue(items.add(taker.join()));
                }
            }
            Integer left;
            while ((left = queue.poll()) != null) {
                assertTrue(items.add(left));
            }
            assertEquals(count, items.size());
        }
    }

    @Test
    void fourProducersAndTwoConsumersPassTenThousandItemsThroughAQueueOfEight() throws Exception {
        Object outcome = call("pipeline", 4, 2500, 2, 8).get(20, TimeUnit.SECONDS);

        assertEquals("10000 distinct items, 0 duplicates, 0 left", outcome);
    }

    private static Thread start(CountDownLatch go, Runnable action) {
        Thread thread = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
        thread.start();
        return thread;
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return fixture.call(fixture.rewritten(), method, args);
    }
}
