package dev.jawait.internal;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What an await of a {@code CompletionStage} that is not a {@code CompletableFuture} waits on: a future of jawait's
 * own, registered once on the stage ({@code whenComplete}), to which the awaiting frame links directly. The stage is
 * not asked for {@code toCompletableFuture()}, which most implementations answer with a copy, a new future registered
 * on the stage, on which the await would then register a second time (a dependent future and a completion record
 * more); some refuse it.
 *
 * <p>Cancelling it cancels the stage's {@code toCompletableFuture()} too, where the stage has one, so that a stage
 * wrapping a cancellable operation is stopped as it was when the await used that future itself.
 */
final class ForeignStage<T> extends LinkableFuture<T> implements BiConsumer<T, Throwable> {
    private final CompletionStage<T> source;

    private ForeignStage(CompletionStage<T> source) {
        this.source = source;
    }

    /** A future completing as {@code stage} does, with its exception unwrapped; done at once if the stage is. */
    static <T> ForeignStage<T> of(CompletionStage<T> stage) {
        ForeignStage<T> relay = new ForeignStage<>(stage);
        stage.whenComplete(relay);
        return relay;
    }

    @Override
    public void accept(T value, Throwable failure) {
        if (failure != null) {
            completeExceptionally(Failures.unwrap(failure));
        } else {
            complete(value);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            try {
                source.toCompletableFuture().cancel(mayInterruptIfRunning);
            } catch (UnsupportedOperationException cannotBeCancelled) {
                // The stage runs on; its outcome is ignored.
            } catch (RuntimeException refused) {
                System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                        "jawait: cancelling an awaited CompletionStage failed", refused);
            }
        }
        return cancelled;
    }
}
