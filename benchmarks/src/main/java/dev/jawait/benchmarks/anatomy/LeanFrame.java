package dev.jawait.benchmarks.anatomy;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * An emulation, for scenario 2's diagnosis only, of the frame that the proposed changes would leave: the call's
 * future and state in one object with exactly the slots {@link LeanSum} needs, no thread-local lookups, no volatile
 * bookkeeping, no debug fields, resumed inline by the completing thread (the real frame also needs a trampoline
 * against deep nesting, a task context and cancellation; they are left out to show the floor of the design).
 */
final class LeanFrame extends CompletableFuture<Object> implements BiConsumer<Object, Throwable> {
    Object source;
    int n;
    int i;
    int sum;
    CompletableFuture<?> awaited;

    /** Called by {@code whenComplete}, or directly by a {@link LinkedFuture} that holds this frame as its waiter. */
    @Override
    public void accept(Object value, Throwable failure) {
        LeanSum.resume(this);
    }
}
