package dev.jawait.internal;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The waiters of a coordination primitive in arrival order (so that it serves them fairly), with cancelled waiters
 * removed at once. Every method must be called holding {@code lock}, the owner's lock.
 */
public final class WaiterQueue<T> {
    private final Object lock;
    private final LinkedHashSet<Waiter<T>> waiters = new LinkedHashSet<>();

    /** An empty queue guarded by {@code lock}, which {@link Waiter#cancel} takes to remove a waiter. */
    public WaiterQueue(Object lock) {
        this.lock = lock;
    }

    /** A new waiter at the end of the queue, carrying {@code payload}. */
    public Waiter<T> add(Object payload) {
        Waiter<T> waiter = new Waiter<>(this, payload);
        waiters.add(waiter);
        return waiter;
    }

    /** Removes and claims the first waiter still waiting, or returns null if none is. */
    public Waiter<T> claimFirst() {
        Iterator<Waiter<T>> it = waiters.iterator();
        while (it.hasNext()) {
            Waiter<T> first = it.next();
            it.remove();
            if (first.claim()) {
                return first;
            }
        }
        return null;
    }

    /** What the waiter brought, such as the item of a waiting put. */
    @SuppressWarnings("unchecked")
    public static <P> P payload(Waiter<?> waiter) {
        return (P) waiter.payload;
    }

    /** Whether no waiter is queued. */
    public boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** The number of queued waiters. */
    public int size() {
        return waiters.size();
    }

    void forget(Waiter<T> cancelled) {
        synchronized (lock) {
            waiters.remove(cancelled);
        }
    }
}
