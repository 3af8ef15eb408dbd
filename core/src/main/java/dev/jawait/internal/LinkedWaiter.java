package dev.jawait.internal;

import java.util.function.BiConsumer;

/**
 * Something suspended on a future, resumed when that future completes: through {@link #linkedCompleted} when it got
 * the future's one direct link ({@link LinkableFuture#register}), else through the JDK's own registration: as a
 * {@code BiConsumer} ({@code whenComplete}), or, for a call's frame on a plain {@code CompletableFuture}, as the
 * executor the JDK hands its claimed completion to ({@code CallFrame.execute}). Either way it is called exactly once.
 */
public interface LinkedWaiter extends BiConsumer<Object, Throwable> {
    /** {@code future}, to which this waiter was linked, has completed. */
    void linkedCompleted(LinkableFuture<?> future);
}
