package dev.jawait;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lock or a semaphore permit being held, released when the try-with-resources that holds it ends, like Python's
 * {@code async with lock:}.
 * <pre>{@code
 * try (Hold held = await(lock.hold())) {
 *     await(writeRecord(record));
 * }                                       // released here, however the block ends
 * }</pre>
 * Releasing is immediate; {@link #closeAsync()} returns a completed stage, so the await at the end of the block never
 * suspends. A second close does nothing.
 */
public final class Hold implements AsyncCloseable {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    private Hold(Runnable release) {
        this.release = release;
    }

    /**
     * A future of the hold once {@code acquired} completes. Ended before that in any way (a cancel, {@code orTimeout},
     * {@code completeOnTimeout}, {@code complete}...), it gives up the acquisition; if that loses the race (the permit
     * was already handed over), the permit is released, never leaked. A waiter left in the queue would be handed the
     * permit later, only to release it, each inside the release before it, as deep as such holds had piled up.
     */
    static CompletableFuture<Hold> after(CompletableFuture<Void> acquired, Runnable release) {
        CompletableFuture<Hold> hold = new dev.jawait.internal.LinkableFuture<>() { };
        hold.whenComplete((ignored, failure) -> {
            if (!acquired.isDone()) {
                acquired.cancel(false); // refused once the permit is being handed over: then released below
            }
        });
        acquired.whenComplete((ignored, failure) -> {
            if (failure != null) {
                hold.completeExceptionally(failure);
            } else if (!hold.complete(new Hold(release))) {
                release.run(); // the hold was cancelled after the permit was handed over: nobody will close it
            }
        });
        return hold;
    }

    /**
     * Releases the lock or permit, once. A release that fails (a lock unlocked by hand inside the block already) fails
     * the returned stage, as {@link AsyncCloseable} says, instead of throwing. A lock has no owner: if the block
     * unlocked it by hand and another caller has locked it since, this unlocks that caller's lock; do not unlock a
     * held lock by hand.
     */
    @Override
    public CompletionStage<Void> closeAsync() {
        if (released.compareAndSet(false, true)) {
            try {
                release.run();
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
