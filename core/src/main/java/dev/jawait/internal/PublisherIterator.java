package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a {@link Flow.Publisher} with awaits: a subscriber that buffers at most {@code prefetch} items and asks for
 * more as the consumer reads half of them. A cancelled {@link #hasNext()} takes no item: what arrives stays buffered.
 */
public final class PublisherIterator<T> implements AsyncIterator<T>, Flow.Subscriber<T> {
    private final int prefetch;
    private final int replenishAt;
    private final Object lock = new Object();
    /**
     * Held around every call to the subscription (rule 2.7: request and cancel are made serially, each seeing the one
     * before), apart from {@link #lock} so that the publisher may signal this subscriber from inside them.
     */
    private final Object signalling = new Object();
    /** Guarded by lock: items received and not read yet, and how the stream ended (once it has). */
    private final ArrayDeque<T> buffered = new ArrayDeque<>();
    private boolean completed;
    private Throwable failure;
    private CompletableFuture<Boolean> waiting;
    private Flow.Subscription subscription;
    private boolean closed;
    /** Touched by the consumer only. */
    private int readSinceRequest;

    /** Subscribes to {@code publisher} at once and requests {@code prefetch} items. */
    public PublisherIterator(Flow.Publisher<? extends T> publisher, int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, not " + prefetch);
        }
        this.prefetch = prefetch;
        this.replenishAt = Math.max(1, prefetch / 2);
        publisher.subscribe(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        boolean cancel;
        synchronized (lock) {
            cancel = subscription != null || closed;
            if (!cancel) {
                subscription = newSubscription;
            }
        }
        synchronized (signalling) {
            if (cancel) {
                newSubscription.cancel(); // rule 2.5: a second subscription, or one after close
            } else {
                newSubscription.request(prefetch);
            }
        }
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "onNext(null)"); // rule 2.13
        CompletableFuture<Boolean> wake;
        synchronized (lock) {
            if (closed) {
                return;
            }
            buffered.add(item);
            wake = takeWaiting();
        }
        if (wake != null) {
            wake.complete(true);
        }
    }

    @Override
    public void onError(Throwable error) {
        end(Objects.requireNonNull(error, "onError(null)"));
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable error) {
        CompletableFuture<Boolean> wake;
        synchronized (lock) {
            completed = true;
            failure = error;
            wake = takeWaiting();
        }
        if (wake != null) {
            // Nothing is buffered, or the waiter would have been woken already.
            if (error != null) {
                wake.completeExceptionally(error);
            } else {
                wake.complete(false);
            }
        }
    }

    private CompletableFuture<Boolean> takeWaiting() {
        CompletableFuture<Boolean> wake = waiting;
        waiting = null;
        return wake;
    }

    @Override
    public CompletableFuture<Boolean> hasNext() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(false);
            }
            if (!buffered.isEmpty()) {
                return CompletableFuture.completedFuture(true);
            }
            if (completed) {
                return failure != null ? CompletableFuture.failedFuture(failure)
                        : CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Boolean> wait = new CompletableFuture<>();
            waiting = wait;
            return wait;
        }
    }

    @Override
    public T next() {
        T item;
        Flow.Subscription toRequest = null;
        synchronized (lock) {
            item = buffered.poll();
            if (item == null) {
                throw new NoSuchElementException(
                        "next() of an AsyncIterator needs a hasNext() that completed with true");
            }
            if (++readSinceRequest >= replenishAt && !completed) {
                toRequest = subscription;
            }
        }
        if (toRequest != null) {
            int more = readSinceRequest;
            readSinceRequest = 0;
            synchronized (signalling) {
                toRequest.request(more);
            }
        }
        return item;
    }

    /** Cancels the subscription; nothing to wait for, so the stage is complete. */
    @Override
    public CompletionStage<Void> closeAsync() {
        Flow.Subscription toCancel;
        CompletableFuture<Boolean> wake;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
            buffered.clear();
            toCancel = completed ? null : subscription;
            wake = takeWaiting();
        }
        if (wake != null) {
            wake.complete(false);
        }
        if (toCancel != null) {
            synchronized (signalling) {
                toCancel.cancel();
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
