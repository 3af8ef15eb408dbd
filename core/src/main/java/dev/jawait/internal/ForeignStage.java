package dev.jawait.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
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
 * operation had ended by itself already (a stage may run its callbacks later, on its own executor), this future takes
 * its outcome there and then: a value that arrived is never dropped. Where {@code toCompletableFuture()} answers with
 * a copy still pending, neither holds: the copy is cancelled, not the operation, and a value the stage holds but has
 * not passed on yet is lost, as it would be for an await of that copy.
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
        if (operation != null && operation.isDone() && !operation.isCancelled() && takeOutcome(operation)) {
            return isCancelled(); // it ended by itself, and this future with it
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * Completes this future as {@code done} ended, without waiting for the stage's callback, which may run late or,
     * on an executor that was shut down, never; the callback then finds it complete. False if the outcome could not
     * be read.
     */
    @SuppressWarnings("unchecked")
    private boolean takeOutcome(Future<?> done) {
        try {
            accept((T) done.get(), null);
        } catch (ExecutionException failed) {
            accept(null, failed.getCause() != null ? failed.getCause() : failed);
        } catch (Exception unreadable) { // a checked one too, thrown sneakily by a stage of the program's
            if (unreadable instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // a done future does not wait; one that does is not trusted
            }
            return false;
        }
        return true;
    }

    /** The operation behind the stage, cancelled if it was still running; null if the stage offers none. */
    private Future<?> cancelOperation(boolean mayInterruptIfRunning) {
        Future<?> operation;
        try {
            try {
                operation = source.toCompletableFuture();
            } catch (UnsupportedOperationException cannotBeConverted) {
                if (!(source instanceof Future)) {
                    return null; // the stage runs on; its outcome is ignored
                }
                operation = (Future<?>) source;
            }
            operation.cancel(mayInterruptIfRunning);
            return operation;
        } catch (UnsupportedOperationException cannotBeCancelled) {
            return null;
        } catch (Exception refused) { // the await is cancelled all the same; a checked one too, thrown sneakily
            System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                    "jawait: cancelling an awaited CompletionStage failed", refused);
            return null;
        }
    }
}
