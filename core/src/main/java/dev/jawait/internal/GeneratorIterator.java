package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import dev.jawait.AsyncQueue;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A buffered async generator: the body emits items into a bounded queue that the consumer takes from, so it runs up
 * to {@code buffer} items ahead; the body's end is put into the same queue as a marker, so the consumer sees it
 * after the last item. {@link LazyGenerator} is the one that runs only when asked.
 */
public final class GeneratorIterator<T> implements AsyncIterator<T> {
    private static final Object END = new Object();

    private final AsyncQueue<Object> queue;
    private final Function<AsyncIterator.Emitter<T>, ? extends CompletionStage<?>> body;
    /** The body's stage, which closing cancels; touched by the consumer only (one at a time, as it must be). */
    private CompletableFuture<?> running;
    /**
     * Ends as the body's stage does, or when the body is abandoned ({@link #abandon}): the generator's own, so that
     * abandoning never completes a stage the body returned, which may be another task's. Set before the body can see
     * {@link #closed}.
     */
    private CompletableFuture<Object> end;
    /**
     * The take waiting for the next item, until it has one: a {@code hasNext()} ended otherwise than by its take (by
     * {@code orTimeout}, say) leaves its take in the queue, and the next {@code hasNext()} waits on that take instead
     * of queueing a second one, which would let the item the first is handed go to nobody. Consumer only.
     */
    private CompletableFuture<Object> taking;
    /** The answer of the last {@code hasNext()}, which a take completes once it has an item or the end. */
    private volatile Linked<Boolean> answer;
    /** Written where a take completes, maybe on the body's thread; read and cleared by the consumer. */
    private volatile Object ready;
    private volatile boolean hasReady;
    /** The body's failure, once a take was handed it; written before {@link #closed}. */
    private volatile Throwable failure;
    private volatile boolean closed;
    /**
     * Body only: an emit was refused with a cancellation since the close. At the next, the body is abandoned ({@link
     * #abandon}), so that a body that swallows the cancellation and emits again does not spin.
     */
    private boolean refusedAfterClose;
    /** Whether a {@code hasNext()} after a timed-out one gave the consumer the body's failure. */
    private volatile boolean failureGivenLate;

    /** A generator whose body starts on the first {@code hasNext()} and may run {@code buffer} items ahead. */
    public GeneratorIterator(int buffer, Function<AsyncIterator.Emitter<T>, ? extends CompletionStage<?>> body) {
        if (buffer < 1) {
            throw new IllegalArgumentException("a generator needs a buffer of at least one item, not " + buffer);
        }
        this.queue = new AsyncQueue<>(buffer);
        this.body = java.util.Objects.requireNonNull(body, "body");
    }

    @Override
    public CompletableFuture<Boolean> hasNext() {
        if (hasReady) {
            return CompletableFuture.completedFuture(true);
        }
        if (closed) {
            if (failure != null && !failureDelivered()) { // handed to a take whose hasNext() had ended otherwise
                failureGivenLate = true;
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.completedFuture(false);
        }
        if (running == null) {
            start();
        }
        if (taking == null || taking.isCompletedExceptionally()) { // none, or one a cancelled hasNext() cancelled
            CompletableFuture<Object> take = queue.take();
            taking = take;
            take.whenComplete(this::taken);
        }
        Linked<Boolean> next = new Linked<>("hasNext", new CompletableFuture<?>[] {taking});
        answer = next;
        answer(next); // the take may have completed before the answer was published, and answered the one before
        return next;
    }

    /** What the take of the next item was handed (the item, the body's end or failure), or its cancellation. */
    private void taken(Object item, Throwable cancelled) {
        if (cancelled != null) {
            Linked<Boolean> last = answer;
            if (last != null) {
                last.completeExceptionally(Failures.unwrap(cancelled));
            }
            return;
        }
        if (item == END) {
            closed = true;
        } else if (item instanceof Failed) {
            failure = ((Failed) item).failure;
            closed = true;
        } else if (!closed) { // an item emitted as the consumer closed: from then on, hasNext() answers false
            ready = item;
            hasReady = true;
        }
        answer(answer);
    }

    /**
     * Completes {@code next} if there is something to answer: an item ready, the body's failure, or the end. Called
     * by the consumer after publishing {@code next}, and where a take completes, with the last answer published.
     */
    private void answer(Linked<Boolean> next) {
        if (next == null) { // a take done at once, before the first answer was published
            return;
        }
        if (hasReady) {
            next.complete(true);
        } else if (closed) { // read before the failure, which is written before it
            Throwable failed = failure;
            if (failed == null) {
                next.complete(false);
            } else {
                next.completeExceptionally(failed);
            }
        }
    }

    /**
     * Whether the consumer was given the body's failure: the last {@code hasNext()} failed with it, or one after a
     * timed-out {@code hasNext()} did. Read from what was answered, not from a flag set after answering, which a
     * close that the answer woke at once would find unset, and report the failure a second time.
     */
    private boolean failureDelivered() {
        Throwable failed = failure;
        if (failed == null) {
            return false;
        }
        Linked<Boolean> last = answer;
        return failureGivenLate
                || last != null && last.isCompletedExceptionally() && Failures.failureOf(last) == failed;
    }

    @Override
    public T next() {
        if (!hasReady) {
            throw new NoSuchElementException("next() of an AsyncIterator needs a hasNext() that completed with true");
        }
        @SuppressWarnings("unchecked")
        T item = (T) ready;
        ready = null;
        hasReady = false;
        taking = null;
        return item;
    }

    /**
     * Cancels the body at its pending await (an emit waiting for room, or anything else), and completes once it has
     * ended, its {@code finally} blocks run; it fails if the body failed otherwise than by being cancelled, unless the
     * consumer was already given that failure.
     */
    @Override
    public CompletionStage<Void> closeAsync() {
        closed = true;
        hasReady = false;
        ready = null;
        if (running == null) {
            return CompletableFuture.completedFuture(null);
        }
        running.cancel(true);
        while (queue.poll() != null) {
            // Unblocks an emit waiting for room, so that the body reaches its cancelled await.
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        end.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : Failures.unwrap(failure);
            if (cause == null || cause instanceof CancellationException || failureDelivered()) {
                ended.complete(null);
            } else {
                ended.completeExceptionally(cause);
            }
        });
        return ended;
    }

    private void start() {
        AsyncIterator.Emitter<T> emitter = item -> {
            java.util.Objects.requireNonNull(item, "item");
            if (closed) {
                CompletableFuture<Void> refused = new CompletableFuture<>();
                if (refusedAfterClose) {
                    return abandon(end);
                }
                refusedAfterClose = true;
                refused.cancel(false);
                return refused;
            }
            return queue.put(item);
        };
        CompletableFuture<Object> bodyEnd = new CompletableFuture<>();
        end = bodyEnd;
        running = SpawnedTask.<Object>start(() -> {
            @SuppressWarnings("unchecked")
            CompletionStage<Object> stage = (CompletionStage<Object>) body.apply(emitter);
            return stage;
        });
        Failures.relay(running, bodyEnd);
        bodyEnd.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : Failures.unwrap(failure);
            // Queued behind the last item; if the queue is full, the marker waits for the consumer like an item.
            queue.put(cause == null || (closed && cause instanceof CancellationException) ? END : new Failed(cause));
        });
    }

    /**
     * Gives up a body that emitted again after swallowing the cancellation of its close, as Python gives up a generator
     * that ignored {@code GeneratorExit}: the generator's {@code end} fails with an {@code IllegalStateException}
     * saying so, which the close reports, and the emit never completes, not even cancelled, so the body stays where it
     * is, its {@code finally} blocks not run, until it is garbage. Failing the emit instead would not stop a body that
     * catches every exception from spinning.
     */
    static CompletableFuture<Void> abandon(CompletableFuture<?> end) {
        end.completeExceptionally(new IllegalStateException("the async generator was closed, and its body emitted"
                + " again after catching the CancellationException that told it so; it is abandoned at that emit, its"
                + " finally blocks not run: let it end (rethrow the cancellation, or leave the loop)"));
        return new CompletableFuture<>() {
            /** Refused: a cancellation the body's call still holds for its next await must not resume it here. */
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false;
            }
        };
    }

    /** The marker of a body that failed. */
    private static final class Failed {
        final Throwable failure;

        Failed(Throwable failure) {
            this.failure = failure;
        }
    }
}
