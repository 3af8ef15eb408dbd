package dev.jawait.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The future of one waiter in a {@link WaiterQueue}. Whoever hands it what it waits for first {@linkplain #claim()
 * claims} it under the owner's lock, then {@linkplain #serve serves} it outside; ending it any other way and claiming
 * exclude each other, so a waiter is either given up (and gets nothing) or served (and cannot be ended otherwise any
 * more): nothing handed to a waiter is ever lost. Given up means cancelled, but also completed by its user, as
 * {@code orTimeout} and {@code completeOnTimeout} do: such a waiter leaves the queue at once, where it would otherwise
 * be served later, and what it was handed (a lock, a permit, an item) would be lost with it.
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
     * Completes the waiter with what it waited for; only its server may, after {@link #claim()}. Through
     * {@code LinkableFuture}'s {@code complete}, so that the frame linked to it is woken.
     */
    public void serve(T value) {
        super.complete(value);
    }

    /**
     * Gives up waiting, unless the waiter has already been served (or is being served): then it returns false and the
     * future completes normally, so whatever it was handed reaches the code that awaits it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (giveUp()) {
            super.cancel(mayInterruptIfRunning);
            return true;
        }
        return isCancelled();
    }

    /**
     * Gives up waiting with {@code value}, as {@link #cancel} does; false if the waiter was served or ended already.
     */
    @Override
    public boolean complete(T value) {
        return giveUp() && super.complete(value);
    }

    /** Gives up waiting with {@code failure} (a timeout's), as {@link #cancel} does; false if served or ended. */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        return giveUp() && super.completeExceptionally(failure);
    }

    /**
     * Forces the outcome, as {@code CompletableFuture}'s does; a waiter still waiting gives up its place first. One
     * being served at that moment loses what it is handed, as forcing any future's outcome loses its own.
     */
    @Override
    public void obtrudeValue(T value) {
        giveUp();
        super.obtrudeValue(value);
    }

    /** As {@link #obtrudeValue}. */
    @Override
    public void obtrudeException(Throwable failure) {
        giveUp();
        super.obtrudeException(failure);
    }

    /** Leaves the queue if still waiting, before the future ends, so that nobody serves it from then on. */
    private boolean giveUp() {
        if (state.compareAndSet(WAITING, CANCELLED)) {
            queue.forget(this);
            return true;
        }
        return false;
    }
}
