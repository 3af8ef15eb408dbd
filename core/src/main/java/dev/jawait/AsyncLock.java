package dev.jawait;

import java.util.concurrent.CompletableFuture;

/**
 * A mutual-exclusion lock for async code, like asyncio's {@code Lock}: {@link #lock()} waits without blocking a
 * thread, and the holder may await while holding it, which a {@code synchronized} block or a {@code ReentrantLock}
 * cannot do. It is an {@link AsyncSemaphore} of one permit, so it is fair and cancellation-safe the same way.
 * <pre>{@code
 * try (Hold held = await(lock.hold())) {       // async with lock:
 *     await(writeRecord(record));
 * }
 * }</pre>
 * or, by hand: {@code await(lock.lock()); try { ... } finally { lock.unlock(); }}.
 * It is not reentrant and has no owner (async code has no thread identity): a holder that locks again waits for
 * itself forever.
 */
public final class AsyncLock {
    private final AsyncSemaphore permit = new AsyncSemaphore(1);

    /** An unlocked lock. */
    public AsyncLock() {
    }

    /** A future that completes once the caller holds the lock, in the order callers asked. */
    public CompletableFuture<Void> lock() {
        return permit.acquire();
    }

    /**
     * A future of a {@link Hold} of the lock, for a try-with-resources that unlocks when it ends: {@code try (Hold
     * held = await(lock.hold())) { ... }}. Cancelling the future while it waits gives up the place in the queue.
     */
    public CompletableFuture<Hold> hold() {
        return Hold.after(lock(), this::unlock);
    }

    /** Takes the lock if it is free and nobody waits; never waits. */
    public boolean tryLock() {
        return permit.tryAcquire();
    }

    /**
     * Releases the lock: the longest-waiting caller gets it.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void unlock() {
        if (!permit.releaseBelow(1)) {
            throw new IllegalStateException("unlock of an AsyncLock that is not locked");
        }
    }

    /** Whether some caller holds the lock now. */
    public boolean isLocked() {
        return permit.availablePermits() == 0;
    }
}
