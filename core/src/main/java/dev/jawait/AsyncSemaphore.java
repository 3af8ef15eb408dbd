package dev.jawait;

import dev.jawait.internal.Waiter;
import dev.jawait.internal.WaiterQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore whose acquirers wait without blocking a thread, like asyncio's {@code Semaphore}. The common
 * use bounds how much work is in flight:
 * <pre>{@code
 * await(limit.acquire());          // before the try: a cancelled acquire holds no permit
 * try {
 *     return completedFuture(await(fetch(uri)));
 * } finally {
 *     limit.release();
 * }
 * }</pre>
 *
 * <p><b>Fair:</b> waiting acquirers get permits in the order they asked, and a new acquirer never overtakes one that
 * waits. <b>Cancellation-safe:</b> cancelling the future of a waiting {@link #acquire()} (as cancelling the call that
 * awaits it does) gives up its place and takes no permit; if a permit was handed to it first, {@code cancel} returns
 * false and the future completes normally, so the awaiting code holds the permit and its {@code finally} returns it.
 * Ending a waiting acquire's future another way ({@code orTimeout}, {@code completeOnTimeout}, by hand) gives up its
 * place the same way, and is refused once a permit is being handed to it. Permits are not owned: any code may release
 * one. All methods may be called from any thread and never block.
 */
public final class AsyncSemaphore {
    private final Object lock = new Object();
    private final WaiterQueue<Void> waiters = new WaiterQueue<>(lock);
    private int permits;

    /**
     * A semaphore with {@code permits} permits available.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore cannot start with " + permits + " permits");
        }
        this.permits = permits;
    }

    /**
     * A future that completes once this caller holds a permit: at once if one is free and nobody waits, else when
     * {@link #release()} hands it one, in turn.
     */
    public CompletableFuture<Void> acquire() {
        synchronized (lock) {
            if (permits > 0 && waiters.isEmpty()) {
                permits--;
                return CompletableFuture.completedFuture(null);
            }
            return waiters.add(null);
        }
    }

    /**
     * A future of a {@link Hold} of one permit, for a try-with-resources that releases it when it ends: {@code try
     * (Hold held = await(semaphore.hold())) { ... }}. Cancelling the future while it waits gives up the place in the
     * queue.
     */
    public CompletableFuture<Hold> hold() {
        return Hold.after(acquire(), this::release);
    }

    /** Takes a permit if one is free and nobody waits for one; never waits. */
    public boolean tryAcquire() {
        synchronized (lock) {
            if (permits > 0 && waiters.isEmpty()) {
                permits--;
                return true;
            }
            return false;
        }
    }

    /**
     * Returns a permit: the longest-waiting acquirer gets it, or it becomes free.
     *
     * @throws IllegalStateException if {@code Integer.MAX_VALUE} permits are free already (a permit would be lost)
     */
    public void release() {
        if (!releaseBelow(Integer.MAX_VALUE)) {
            throw new IllegalStateException("release: the maximum permit count, Integer.MAX_VALUE, is free already");
        }
    }

    /** Releases a permit unless {@code limit} permits are free already; for {@link AsyncLock#unlock()}. */
    boolean releaseBelow(int limit) {
        Waiter<Void> served;
        synchronized (lock) {
            if (permits >= limit) {
                return false;
            }
            served = waiters.claimFirst();
            if (served == null) {
                permits++;
                return true;
            }
        }
        served.serve(null); // outside the lock: this may run the awaiting code
        return true;
    }

    /** The number of free permits now. */
    public int availablePermits() {
        synchronized (lock) {
            return permits;
        }
    }

    /** The number of acquirers waiting now. */
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }
}
