package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a {@link Flow.Publisher} with awaits: a subscriber that buffers at most {@code prefetch} items and asks for
 * more as the consumer reads half of them. A cancelled {@link #hasNext()} takes no item: what arrives stays buffered.
 */
public final class PublisherIterator<T> implements AsyncIterator<T>, Flow.Subscriber<T> {
    private final int prefetch;
    private final int replenishAt;
    private final Object lock = new Object();
    /**
     * Rule 2.7: the calls to the subscription are made one at a time, each seeing the one before, without a lock held
     * across them (a publisher may take its own lock in them, and signal this subscriber from another thread holding
     * it). A thread that wants a call adds it here and counts itself in; the one that counted in first makes the calls,
     * in a loop, until nobody is left.
     */
    private final SerialDrain signalling = new SerialDrain(this::signalOnce);
    private final AtomicLong requestsWanted = new AtomicLong();
    private volatile boolean cancelWanted;
    /** Touched by the thread making the calls only. */
    private boolean cancelled;
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
        if (cancel) {
            newSubscription.cancel(); // rule 2.5: a second subscription, or one after close
        } else {
            request(prefetch);
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
            if (completed) {
                return; // the first end stands: a publisher's own, or a call to its subscription that threw
            }
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
        boolean replenish;
        synchronized (lock) {
            item = buffered.poll();
            if (item == null) {
                throw new NoSuchElementException(
                        "next() of an AsyncIterator needs a hasNext() that completed with true");
            }
            replenish = ++readSinceRequest >= replenishAt && !completed && subscription != null;
        }
        if (replenish) {
            int more = readSinceRequest;
            readSinceRequest = 0;
            request(more);
        }
        return item;
    }

    /**
     * Cancels the subscription (at once, or right after a call to it another thread is making); nothing to wait for,
     * so the stage is complete.
     */
    @Override
    public CompletionStage<Void> closeAsync() {
        boolean cancel;
        CompletableFuture<Boolean> wake;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
            buffered.clear();
            cancel = !completed && subscription != null;
            wake = takeWaiting();
        }
        if (wake != null) {
            wake.complete(false);
        }
        if (cancel) {
            cancelWanted = true;
            signal();
        }
        return CompletableFuture.completedFuture(null);
    }

    private void request(long n) {
        requestsWanted.getAndAccumulate(n, (now, more) -> now + more < 0 ? Long.MAX_VALUE : now + more);
        signal();
    }

    /** Makes the calls asked for so far, unless another thread is making them: that one makes these too. */
    private void signal() {
        signalling.run();
    }

    /** One pass of {@link #signal}: the cancel if asked for, else the requests added up since the last pass. */
    private void signalOnce() {
        Flow.Subscription to;
        synchronized (lock) {
            to = subscription;
        }
        if (to != null && !cancelled) {
            try {
                if (cancelWanted) {
                    cancelled = true;
                    to.cancel();
                } else {
                    long n = requestsWanted.getAndSet(0);
                    if (n > 0) {
                        to.request(n);
                    }
                }
            } catch (Throwable broken) { // rule 3.15/3.16: they return normally; the stream is over if not
                cancelled = true;
                end(broken);
            }
        }
    }
}
