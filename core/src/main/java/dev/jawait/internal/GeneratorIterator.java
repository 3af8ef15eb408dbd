package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import dev.jawait.AsyncQueue;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An async generator: the body emits items into a bounded queue that the consumer takes from; the body's end is put
 * into the same queue as a marker, so the consumer sees it after the last item.
 */
public final class GeneratorIterator<T> implements AsyncIterator<T> {
    private static final Object END = new Object();

    private final AsyncQueue<Object> queue;
    private final Function<AsyncIterator.Emitter<T>, ? extends CompletionStage<?>> body;
    /** Touched by the consumer only (one at a time, as the interface requires). */
    private CompletableFuture<?> running;
    private Object ready;
    private boolean hasReady;
    private volatile boolean closed;

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
            return CompletableFuture.completedFuture(false);
        }
        if (running == null) {
            start();
        }
        CompletableFuture<Object> taking = queue.take();
        Linked<Boolean> answer = new Linked<>(new CompletableFuture<?>[] {taking});
        taking.whenComplete((item, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(Failures.unwrap(failure));
            } else if (item == END) {
                closed = true;
                answer.complete(false);
            } else if (item instanceof Failed) {
                closed = true;
                answer.completeExceptionally(((Failed) item).failure);
            } else {
                ready = item;
                hasReady = true;
                answer.complete(true);
            }
        });
        return answer;
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
        return item;
    }

    @Override
    public void close() {
        closed = true;
        hasReady = false;
        ready = null;
        if (running != null) {
            running.cancel(true);
        }
        while (queue.poll() != null) {
            // Unblocks an emit waiting for room, so that the body reaches its cancelled await.
        }
    }

    private void start() {
        AsyncIterator.Emitter<T> emitter = item -> {
            java.util.Objects.requireNonNull(item, "item");
            if (closed) {
                CompletableFuture<Void> refused = new CompletableFuture<>();
                refused.cancel(false);
                return refused;
            }
            return queue.put(item);
        };
        running = SpawnedTask.<Object>start(() -> {
            @SuppressWarnings("unchecked")
            CompletionStage<Object> stage = (CompletionStage<Object>) body.apply(emitter);
            return stage;
        });
        running.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : Failures.unwrap(failure);
            // Queued behind the last item; if the queue is full, the marker waits for the consumer like an item.
            queue.put(cause == null || (closed && cause instanceof CancellationException) ? END : new Failed(cause));
        });
    }

    /** The marker of a body that failed. */
    private static final class Failed {
        final Throwable failure;

        Failed(Throwable failure) {
            this.failure = failure;
        }
    }
}
