package dev.jawait.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.jawait.AsyncEvent;
import dev.jawait.AsyncLock;
import dev.jawait.AsyncQueue;
import dev.jawait.AsyncSemaphore;
import dev.jawait.Hold;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;
import org.openjdk.jcstress.infra.results.ZZI_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;
import org.openjdk.jcstress.infra.results.Z_Result;

/**
 * A waiter ended by a timeout ({@code orTimeout} completes it exceptionally, by the public method) or a cancel while
 * it is being served: whichever comes first, what was handed out is either the waiter's or still the primitive's (or
 * the next waiter's), never lost.
 */
public final class GiveUpStress {
    private GiveUpStress() {
    }

    private static final TimeoutException TIMEOUT = new TimeoutException("timed out");

    @JCStressTest
    @Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "timed out first; the permit stayed free")
    @Outcome(id = "false, 0", expect = ACCEPTABLE, desc = "served first; the waiter holds the permit")
    @Outcome(expect = FORBIDDEN, desc = "a permit lost to a waiter that had gone, or given twice")
    @State
    public static class TimeoutAgainstRelease {
        private final AsyncSemaphore semaphore = new AsyncSemaphore(0);
        private final CompletableFuture<Void> waiting = semaphore.acquire();

        @Actor
        public void release() {
            semaphore.release();
        }

        @Actor
        public void timeOut() {
            waiting.completeExceptionally(TIMEOUT);
        }

        @Arbiter
        public void arbiter(ZI_Result result) {
            result.r1 = waiting.isCompletedExceptionally();
            result.r2 = semaphore.availablePermits();
        }
    }

    @JCStressTest
    @Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "timed out first; the item stayed in the queue")
    @Outcome(id = "false, 0", expect = ACCEPTABLE, desc = "handed over first; the take has the item")
    @Outcome(expect = FORBIDDEN, desc = "the item lost to a take that had gone")
    @State
    public static class TimeoutAgainstPut {
        private final AsyncQueue<String> queue = new AsyncQueue<>();
        private final CompletableFuture<String> taking = queue.take();

        @Actor
        public void put() {
            queue.offer("item");
        }

        @Actor
        public void timeOut() {
            taking.completeExceptionally(TIMEOUT);
        }

        @Arbiter
        public void arbiter(ZI_Result result) {
            result.r1 = taking.isCompletedExceptionally();
            // -1: the take ended with something other than the item or the timeout
            result.r2 = result.r1 || "item".equals(taking.getNow(null)) ? queue.size() : -1;
        }
    }

    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "timed out first; the lock went back")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "handed over first; the hold has the lock")
    @Outcome(expect = FORBIDDEN, desc = "the lock leaked to a hold that had gone, or a hold without the lock")
    @State
    public static class HoldTimeoutAgainstUnlock {
        private final AsyncLock lock = new AsyncLock();
        private final CompletableFuture<Hold> holding;

        public HoldTimeoutAgainstUnlock() {
            lock.tryLock();
            holding = lock.hold();
        }

        @Actor
        public void unlock() {
            lock.unlock();
        }

        @Actor
        public void timeOut() {
            holding.completeExceptionally(TIMEOUT);
        }

        @Arbiter
        public void arbiter(ZZ_Result result) {
            result.r1 = holding.isCompletedExceptionally();
            result.r2 = lock.isLocked();
        }
    }

    @JCStressTest
    @Outcome(id = "true, true, 0", expect = ACCEPTABLE, desc = "cancelled first; the next waiter got the permit")
    @Outcome(id = "false, false, 0", expect = ACCEPTABLE, desc = "served first; the next waiter still waits")
    @Outcome(expect = FORBIDDEN, desc = "the permit lost, given twice, or kept while a waiter waits")
    @State
    public static class CancelOfTheFirstWaiterAgainstRelease {
        private final AsyncSemaphore semaphore = new AsyncSemaphore(0);
        private final CompletableFuture<Void> first = semaphore.acquire();
        private final CompletableFuture<Void> second = semaphore.acquire();

        @Actor
        public void release() {
            semaphore.release();
        }

        @Actor
        public void cancel() {
            first.cancel(true);
        }

        @Arbiter
        public void arbiter(ZZI_Result result) {
            result.r1 = first.isCancelled();
            result.r2 = second.isDone();
            result.r3 = semaphore.availablePermits();
        }
    }

    @JCStressTest
    @Outcome(id = "true, 0", expect = ACCEPTABLE, desc = "timed out first; the poll left the queue empty")
    @Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "admitted first; the put's item is in the queue")
    @Outcome(expect = FORBIDDEN, desc = "a put that gave up put its item, or one that says done lost it")
    @State
    public static class PutTimeoutAgainstPoll {
        private final AsyncQueue<String> queue = new AsyncQueue<>(1);
        private final CompletableFuture<Void> putting;

        public PutTimeoutAgainstPoll() {
            queue.offer("first");
            putting = queue.put("second");
        }

        @Actor
        public void poll() {
            queue.poll();
        }

        @Actor
        public void timeOut() {
            putting.completeExceptionally(TIMEOUT);
        }

        @Arbiter
        public void arbiter(ZI_Result result) {
            result.r1 = putting.isCompletedExceptionally();
            result.r2 = queue.size();
        }
    }

    @JCStressTest
    @Outcome(id = "true", expect = ACCEPTABLE, desc = "the waiter ended, set or cancelled")
    @Outcome(expect = FORBIDDEN, desc = "a wake-up lost: the waiter still waits on a set event")
    @State
    public static class CancelAgainstSet {
        private final AsyncEvent event = new AsyncEvent();
        private final CompletableFuture<Void> waiting = event.whenSet();
        private final CompletableFuture<Void> other = event.whenSet();

        @Actor
        public void set() {
            event.set();
        }

        @Actor
        public void cancel() {
            waiting.cancel(true);
        }

        @Arbiter
        public void arbiter(Z_Result result) {
            result.r1 = waiting.isDone() && other.isDone() && !other.isCompletedExceptionally();
        }
    }
}
