package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A callback on a stage that is watched only for a while (by a wait, by {@code asCompleted} until its timeout, by a
 * shield until it is cancelled): once the watch is over, the registration is unlinked from the stage. A plain
 * {@code whenComplete} stays on the stage until the stage completes, with everything its callback holds, so a
 * long-lived stage waited on again and again (asyncio's {@code while pending: done, pending = await wait(pending,
 * timeout=1)}) would gather one callback, and the whole state of its wait, per round; asyncio removes its callbacks
 * when the wait ends. {@code CompletableFuture} has no removal, but it unlinks the registrations of {@code anyOf}
 * from its other inputs once one input has completed it: a watch registers through one.
 */
public final class Watch {
    private Watch() {
    }

    /**
     * Runs {@code action} with the outcome of {@code stage} (its own value or exception, as {@code whenComplete}
     * gives them) once it completes, unless {@code over} has completed first. Where both complete at about the same
     * time, {@code action} may still run after {@code over} has completed.
     */
    public static <T> void whenComplete(CompletableFuture<? extends T> stage, CompletableFuture<?> over,
            BiConsumer<? super T, ? super Throwable> action) {
        if (stage.isDone()) {
            stage.whenComplete(action);
        } else if (!over.isDone()) {
            CompletableFuture.anyOf(stage, over).whenComplete((first, failure) -> {
                if (stage.isDone()) {
                    stage.whenComplete(action); // done: runs at once, with what the stage holds, not anyOf's wrapper
                }
            });
        }
    }
}
