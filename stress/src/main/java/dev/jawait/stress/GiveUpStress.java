package dev.jawait.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.jawait.AsyncQueue;
import dev.jawait.AsyncSemaphore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * A waiter ended by a timeout ({@code orTimeout} completes it exceptionally, by the public method) while it is being
 * served: whichever comes first, what was handed out is either the waiter's or still the primitive's, never lost.
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
}
