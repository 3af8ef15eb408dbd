package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Refuses a blocking wait ({@code join()}, {@code get()}) on a pending future that only the calling thread's own
 * event loop can complete: the loop would never get to run it, so the wait would last forever.
 */
final class LoopDeadlock {
    private LoopDeadlock() {
    }

    /**
     * Throws if {@code future} is pending, {@code owner} is the loop that completes it, and the calling thread runs
     * that loop now; {@code call} names the blocking call ("join()", ...).
     *
     * @throws IllegalStateException naming the call and the fix
     */
    static void refuseBlockingWait(CompletableFuture<?> future, EventLoop owner, String call) {
        if (owner != null && !future.isDone() && EventLoop.current() == owner && !owner.isClosed()) {
            throw new IllegalStateException(call + " on a pending jawait future, called on the thread of the event"
                    + " loop that has to complete it, would wait forever: the loop cannot run while its thread"
                    + " blocks. Await it instead (await(future) in an @Async method), or call " + call
                    + " from another thread");
        }
    }
}
