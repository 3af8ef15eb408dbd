package dev.jawait.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * What an await of a {@code CompletionStage} that is not a {@code CompletableFuture} waits on: a future of jawait's
 * own, registered once on the stage ({@code whenComplete}), to which the awaiting frame links directly. The stage is
 * not asked for {@code toCompletableFuture()}, which most implementations answer with a copy, a new future registered
 * on the stage, on which the await would then register a second time (a dependent future and a completion record
 * more); some refuse it.
 *
 * <p>Cancelling it cancels the operation behind the stage first, through the stage's {@code toCompletableFuture()}
 * (or the stage itself, if it is a {@code Future} that refuses that conversion), so that a stage wrapping a cancellable
 * operation is stopped before the awaiting call resumes, as it was when the await used that future itself. If the
 * operation turns out to have ended by itself already, its outcome is on its way to {@link #accept} (a stage may run
 * its callbacks later, on its own executor), and this future is left to end with it: a value that arrived is never
 * dropped.
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
        if (isDone()) {
            return isCancelled();
        }
        Future<?> operation = cancelOperation(mayInterruptIfRunning);
        if (operation != null && operation.isDone() && !operation.isCancelled()) {
            return false; // it ended by itself: its outcome is this future's, once the stage's callback runs
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /** The operation behind the stage, cancelled if it was still running; null if the stage offers none. */
    private Future<?> cancelOperation(boolean mayInterruptIfRunning) {
        Future<?> operation;
        try {
            operation = source.toCompletableFuture();
        } catch (UnsupportedOperationException cannotBeConverted) {
            if (!(source instanceof Future)) {
                return null; // the stage runs on; its outcome is ignored
            }
            operation = (Future<?>) source;
        }
        try {
            operation.cancel(mayInterruptIfRunning);
            return operation;
        } catch (UnsupportedOperationException cannotBeCancelled) {
            return null;
        } catch (RuntimeException refused) {
            System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                    "jawait: cancelling an awaited CompletionStage failed", refused);
            return null;
        }
    }
}
