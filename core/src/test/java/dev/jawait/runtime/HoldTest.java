package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncLock;
import dev.jawait.AsyncSemaphore;
import dev.jawait.Hold;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Hold}: a lock or permit held until closed, never leaked by a cancelled wait. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HoldTest {
    @Test
    void aHoldOfAFreePermitIsReadyAtOnceAndClosingItTwiceReleasesOnce() {
        AsyncSemaphore permits = new AsyncSemaphore(2);
        CompletableFuture<Hold> hold = permits.hold();
        assertTrue(hold.isDone());
        assertEquals(1, permits.availablePermits());

        hold.join().closeAsync();
        hold.join().closeAsync();

        assertEquals(2, permits.availablePermits());
    }

    @Test
    void cancellingAWaitingHoldGivesUpItsPlace() {
        AsyncLock lock = new AsyncLock();
        assertTrue(lock.tryLock());
        CompletableFuture<Hold> waiting = lock.hold();

        assertTrue(waiting.cancel(true));
        lock.unlock();

        assertFalse(lock.isLocked(), "the lock went to nobody");
    }

    /**
     * The holder unlocks (handing the lock to the waiting hold) while another thread cancels that hold: whichever
     * wins, the lock ends free once a hold that was delivered is closed.
     */
    @Test
    void aCancelRacingTheHandOverNeverLeaksTheLock() throws Exception {
        AsyncLock lock = new AsyncLock();
        CyclicBarrier start = new CyclicBarrier(2);
        int delivered = 0;
        int cancelled = 0;
        for (int i = 0; i < 5_000; i++) {
            assertTrue(lock.tryLock());
            CompletableFuture<Hold> waiting = lock.hold();
            Thread canceller = new Thread(() -> {
                await(start);
                waiting.cancel(true);
            });
            canceller.start();
            await(start);
            lock.unlock();
            canceller.join();
            if (waiting.isCancelled()) {
                cancelled++;
            } else {
                waiting.get(5, TimeUnit.SECONDS).closeAsync();
                delivered++;
            }
            assertFalse(lock.isLocked(), "iteration " + i + ": the lock leaked");
        }
        assertEquals(5_000, delivered + cancelled);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
