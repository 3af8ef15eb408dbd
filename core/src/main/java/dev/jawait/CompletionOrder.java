package dev.jawait;

import dev.jawait.internal.Failures;
import dev.jawait.internal.Linked;
import dev.jawait.internal.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** The futures of {@link Tasks#asCompleted}: slot i takes the outcome of the i-th stage to complete. */
final class CompletionOrder {
    private CompletionOrder() {
    }

    /** One slot per stage, filled in completion order; with a {@code timeout} (null for none), see asCompleted. */
    static <T> List<CompletableFuture<T>> of(Collection<? extends CompletionStage<? extends T>> stages,
            Duration timeout) {
        CompletableFuture<?>[] futures = Linked.futures("asCompleted", stages);
        List<CompletableFuture<T>> inOrder = new ArrayList<>(futures.length);
        for (int i = 0; i < futures.length; i++) {
            inOrder.add(new CompletableFuture<>());
        }
        CompletableFuture<Void> timer = timeout == null || futures.length == 0 ? null : Tasks.sleep(timeout);
        AtomicInteger next = new AtomicInteger();
        for (CompletableFuture<?> future : futures) {
            BiConsumer<Object, Throwable> fill = (value, failure) -> {
                int index = next.getAndIncrement();
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> slot = (CompletableFuture<Object>) inOrder.get(index);
                if (failure == null) {
                    slot.complete(value);
                } else {
                    slot.completeExceptionally(Failures.unwrap(failure));
                }
                if (timer != null && index == futures.length - 1) {
                    timer.cancel(false); // every slot is filled: nothing left to time out
                }
            };
            // Watched until the timer ends, if any: a stage still pending then is not left holding these slots.
            Watch.whenComplete(future, timer, fill);
        }
        // The stages first: those done already fill their slots before a timer that is done already (a zero timeout
        // off a loop) fails the rest.
        if (timer != null) {
            timer.thenRun(() -> {
                // Slots the stages have not reached yet; a stage completing later finds its slot done and is ignored.
                for (CompletableFuture<T> slot : inOrder) {
                    slot.completeExceptionally(new TimeoutException(
                            "asCompleted: the stage for this future did not complete within " + timeout));
                }
            });
        }
        return Collections.unmodifiableList(inOrder);
    }
}
