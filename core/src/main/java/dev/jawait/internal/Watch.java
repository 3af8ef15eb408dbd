package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * A callback on a stage that is watched only for a while (by a wait, by {@code asCompleted} until its timeout, by a
 * shield until it is cancelled): once the watch is over, the registration is unlinked from the stage. A plain
 * {@code whenComplete} stays on the stage until the stage completes, with everything its callback holds, so a
 * long-lived stage waited on again and again (asyncio's {@code while pending: done, pending = await wait(pending,
 * timeout=1)}) would gather one callback, and the whole state of its wait, per round; asyncio removes its callbacks
 * when the wait ends. {@code CompletableFuture} has no removal, but it unlinks the registrations of {@code anyOf}
 * from its other inputs once one input has completed it: a watch registers through one, paired with a token of its
 * own that the end of the watch completes. A token per watch, not the end itself, so that a stage completing unlinks
 * its registration from a one-entry stack, not from the end's stack of one registration per stage watched (a walk
 * that made a wait on n stages cost n squared).
 */
public final class Watch {
    private Watch() {
    }

    /**
     * Runs {@code action} with the outcome of {@code stage} (its own value or exception, as {@code whenComplete}
     * gives them) once it completes, unless {@code over} has completed first. Where both complete at about the same
     * time, {@code action} may still run after {@code over} has completed. A jawait future counts the watch as a
     * reader of its failure, as it counts a {@code whenComplete}. A stage that {@link #canWatch cannot be watched},
     * or a watch with no end ({@code over} null), gets a plain {@code whenComplete}.
     */
    public static <T> void whenComplete(CompletionStage<? extends T> stage, CompletableFuture<?> over,
            BiConsumer<? super T, ? super Throwable> action) {
        if (over == null || !canWatch(stage)) {
            stage.whenComplete(action); // kept until the stage completes
            return;
        }
        CompletableFuture<? extends T> watched = (CompletableFuture<? extends T>) stage;
        if (watched.isDone()) {
            watched.whenComplete(action);
        } else if (!over.isDone()) {
            if (watched instanceof LinkableFuture) {
                ((LinkableFuture<?>) watched).registering(); // a reader, as whenComplete marks one; anyOf does not
            }
            CompletableFuture<Void> token = new CompletableFuture<>();
            over.whenComplete((ignored, failure) -> token.complete(null));
            CompletableFuture.anyOf(watched, token).whenComplete((first, failure) -> {
                if (watched.isDone()) {
                    watched.whenComplete(action); // done: runs at once, with what it holds, not anyOf's wrapper
                }
            });
        }
    }

    /**
     * Whether {@code stage} can be watched: {@code anyOf} reads a future's outcome from its fields, which a
     * {@code CompletableFuture} subclass that forwards to another (or restricts itself, as {@code
     * minimalCompletionStage()} does) may never set.
     */
    private static boolean canWatch(CompletionStage<?> stage) {
        return stage.getClass() == CompletableFuture.class || stage instanceof LinkableFuture;
    }
}
