package dev.jawait;

import java.util.List;

/**
 * What {@link Tasks#wait(java.util.Collection, WaitMode)} found: the stages that had completed and those still
 * pending, asyncio's {@code (done, pending)} pair. Both lists hold the stages passed in (the same objects, so that
 * {@code done().contains(task)} works), in the order they were passed.
 *
 * @param <S> the type of the stages
 */
public final class WaitResult<S> {
    private final List<S> done;
    private final List<S> pending;

    WaitResult(List<S> done, List<S> pending) {
        this.done = List.copyOf(done);
        this.pending = List.copyOf(pending);
    }

    /** The stages that had completed (value, failure or cancellation) when the wait ended; unmodifiable. */
    public List<S> done() {
        return done;
    }

    /** The stages still pending when the wait ended, which the wait left running; unmodifiable. */
    public List<S> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[" + done.size() + " done, " + pending.size() + " pending]";
    }
}
