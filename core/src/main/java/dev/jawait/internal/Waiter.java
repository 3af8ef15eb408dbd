package dev.jawait.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The future of one waiter in a {@link WaiterQueue}. Whoever hands it what it waits for first {@linkplain #claim()
 * claims} it under the owner's lock, then completes it outside; cancelling and claiming exclude each other, so a
 * waiter is either cancelled (and gets nothing) or served (and cannot be cancelled any more): nothing handed to a
 * waiter is ever lost to a cancellation.
 */
public final class Waiter<T> extends LinkableFuture<T> {
    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int CANCELLED = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final WaiterQueue<T> queue;
    /** What the waiter brings, such as the item of a waiting put; null if nothing. */
    final Object payload;

    Waiter(WaiterQueue<T> queue, Object payload) {
        this.queue = queue;
        this.payload = payload;
    }

    /** Reserves this waiter for being served; false if it was cancelled or claimed already. */
    boolean claim() {
        return state.compareAndSet(WAITING, CLAIMED);
    }

    /**
     * Gives up waiting, unless the waiter has already been served (or is being served): then it returns false and the
     * future completes normally, so whatever it was handed reaches the code that awaits it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            super.cancel(mayInterruptIfRunning);
            queue.forget(this);
            return true;
        }
        return isCancelled();
    }
}
