package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An async generator as Python's: it runs only when asked. The first {@code hasNext()} starts the body, which runs
 * until it emits an item and then waits, at that emit, for the next {@code hasNext()}; so it is never more than the
 * item asked for ahead, and after its last item its {@code finally} blocks run only when the consumer asks past it.
 * Closing resumes the body at its pending emit with a {@code CancellationException} and completes once the body
 * has ended, its {@code finally} blocks run.
 */
public final class LazyGenerator<T> implements AsyncIterator<T> {
    private final Function<AsyncIterator.Emitter<T>, ? extends CompletionStage<?>> body;
    private final Object lock = new Object();
    /** The body's task; null until the first hasNext(). */
    private CompletableFuture<?> running;
    /** Ends as the body's stage does, or when the body is abandoned: the generator's own (see GeneratorIterator). */
    private CompletableFuture<Object> end;
    /** The consumer's question the body is running to answer; null while the body waits at an emit. */
    private CompletableFuture<Boolean> asking;
    /** The emit the body awaits; completed by the next hasNext(), cancelled by closing. */
    private CompletableFuture<Void> suspendedAt;
    private Object ready;
    private boolean hasReady;
    /** The body's failure while nobody was asking, for the next hasNext() or the close. */
    private Throwable undelivered;
    private boolean ended;
    private boolean closed;
    /**
     * The body was told of the close, at its pending emit or by an emit refused since: a body that caught that and
     * emits again is abandoned ({@link GeneratorIterator#abandon}) rather than told again, which it could ignore again.
     */
    private boolean refusedAfterClose;
    private CompletableFuture<Void> closing;

    public LazyGenerator(Function<AsyncIterator.Emitter<T>, ? extends CompletionStage<?>> body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public CompletableFuture<Boolean> hasNext() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        CompletableFuture<Void> resume;
        boolean start;
        synchronized (lock) {
            if (hasReady) {
                return CompletableFuture.completedFuture(true);
            }
            if (undelivered != null) {
                Throwable failure = undelivered;
                undelivered = null;
                return CompletableFuture.failedFuture(failure);
            }
            if (ended || closed) {
                return CompletableFuture.completedFuture(false);
            }
            if (asking != null && !asking.isDone()) {
                return asking; // asked again before the answer: the same question
            }
            asking = answer;
            start = running == null;
            resume = suspendedAt;
            suspendedAt = null;
        }
        if (start) {
            start();
        } else if (resume != null) {
            resume.complete(null);
        }
        return answer;
    }

    @Override
    public T next() {
        synchronized (lock) {
            if (!hasReady) {
                throw new NoSuchElementException("next() of an AsyncIterator needs a hasNext() that completed with"
                        + " true");
            }
            @SuppressWarnings("unchecked")
            T item = (T) ready;
            ready = null;
            hasReady = false;
            return item;
        }
    }

    /**
     * Stops the generator: resumed at its pending emit with a {@code CancellationException} (or cancelled at
     * whatever it awaits), it runs its {@code finally} blocks, and the returned stage completes then; it fails if
     * the body failed in its cleanup. A generator that never started, or has ended, closes at once.
     */
    @Override
    public CompletionStage<Void> closeAsync() {
        CompletableFuture<Void> atEmit;
        CompletableFuture<Boolean> unanswered;
        CompletableFuture<?> task;
        synchronized (lock) {
            if (closing != null) {
                return closing;
            }
            closed = true;
            hasReady = false;
            ready = null;
            closing = new CompletableFuture<>();
            if (running == null || ended) {
                Throwable failure = undelivered;
                undelivered = null;
                return failure == null ? completeClosing(null) : completeClosing(failure);
            }
            atEmit = suspendedAt;
            suspendedAt = null;
            refusedAfterClose = atEmit != null;
            unanswered = asking;
            asking = null;
            task = running;
        }
        if (unanswered != null) {
            unanswered.complete(false);
        }
        if (atEmit != null) {
            atEmit.completeExceptionally(new CancellationException("the async generator was closed"));
        } else {
            task.cancel(true);
        }
        return closing;
    }

    private CompletableFuture<Void> completeClosing(Throwable failure) {
        if (failure == null) {
            closing.complete(null);
        } else {
            closing.completeExceptionally(failure);
        }
        return closing;
    }

    private void start() {
        AsyncIterator.Emitter<T> emitter = this::emit;
        CompletableFuture<Object> bodyEnd = new CompletableFuture<>();
        synchronized (lock) {
            end = bodyEnd;
        }
        CompletableFuture<?> task = SpawnedTask.<Object>start(() -> {
            @SuppressWarnings("unchecked")
            CompletionStage<Object> stage = (CompletionStage<Object>) body.apply(emitter);
            return stage;
        });
        synchronized (lock) {
            running = task;
        }
        Failures.relay(task, bodyEnd);
        bodyEnd.whenComplete((value, failure) -> ended(failure == null ? null : Failures.unwrap(failure)));
    }

    private CompletableFuture<Void> emit(T item) {
        Objects.requireNonNull(item, "item");
        CompletableFuture<Boolean> answer;
        CompletableFuture<Void> suspension = new CompletableFuture<>();
        CompletableFuture<?> abandoned;
        synchronized (lock) {
            if (closed && !refusedAfterClose) {
                refusedAfterClose = true;
                suspension.completeExceptionally(new CancellationException("the async generator was closed; it"
                        + " takes no more items"));
                return suspension;
            }
            abandoned = closed ? end : null;
            if (abandoned == null) {
                if (suspendedAt != null || asking == null) {
                    throw new IllegalStateException("emit() before the previous emit completed: await each emit");
                }
                answer = asking;
                asking = null;
                ready = item;
                hasReady = true;
                suspendedAt = suspension;
            } else {
                answer = null;
            }
        }
        if (abandoned != null) { // emitting again after swallowing the close's cancellation
            return GeneratorIterator.abandon(abandoned);
        }
        answer.complete(true);
        return suspension;
    }

    private void ended(Throwable failure) {
        CompletableFuture<Boolean> answer;
        boolean closedMeanwhile;
        synchronized (lock) {
            ended = true;
            answer = asking;
            asking = null;
            closedMeanwhile = closing != null;
            if (!closedMeanwhile && answer == null && failure != null) {
                undelivered = failure;
            }
        }
        if (closedMeanwhile) {
            // Cancelled by the close, as asked: not a failure. Anything else went wrong in the cleanup.
            completeClosing(failure instanceof CancellationException ? null : failure);
        } else if (answer != null) {
            boolean delivered = failure == null ? answer.complete(false) : answer.completeExceptionally(failure);
            if (!delivered && failure != null) {
                synchronized (lock) {
                    undelivered = failure; // the consumer gave up that question: the next one gets the failure
                }
            }
        }
    }
}
