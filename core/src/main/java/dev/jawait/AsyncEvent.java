package dev.jawait;

import dev.jawait.internal.Waiter;
import dev.jawait.internal.WaiterQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A flag that tasks can wait for without blocking a thread, like asyncio's {@code Event}: {@link #set()} wakes every
 * waiter, and while the flag is set {@link #whenSet()} is complete at once. Each waiter gets its own future, so
 * cancelling one wait affects no other. All methods may be called from any thread and never block.
 */
public final class AsyncEvent {
    private final Object lock = new Object();
    private final WaiterQueue<Void> waiters = new WaiterQueue<>(lock);
    private boolean set;

    /** An event that is not set. */
    public AsyncEvent() {
    }

    /** A future that completes once the event is set: at once if it is set now. */
    public CompletableFuture<Void> whenSet() {
        synchronized (lock) {
            return set ? CompletableFuture.completedFuture(null) : waiters.add(null);
        }
    }

    /** Sets the flag and wakes every waiter, in the order they started waiting. */
    public void set() {
        List<Waiter<Void>> woken = new ArrayList<>();
        synchronized (lock) {
            set = true;
            Waiter<Void> waiter;
            while ((waiter = waiters.claimFirst()) != null) {
                woken.add(waiter);
            }
        }
        for (Waiter<Void> waiter : woken) {
            waiter.serve(null);
        }
    }

    /** Clears the flag: later calls of {@link #whenSet()} wait again. */
    public void clear() {
        synchronized (lock) {
            set = false;
        }
    }

    /** Whether the flag is set now. */
    public boolean isSet() {
        synchronized (lock) {
            return set;
        }
    }
}
