package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the items of an {@link AsyncIterator} to one subscriber, taking ({@code next()}) only as many as it
 * requested, and asking {@code hasNext()} one item ahead, so that the end is signalled without a request.
 */
public final class IteratorPublisher<T> implements Flow.Publisher<T> {
    private final AsyncIterator<T> iterator;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /** A publisher of the items of {@code iterator}, for one subscriber. */
    public IteratorPublisher(AsyncIterator<T> iterator) {
        this.iterator = Objects.requireNonNull(iterator, "iterator");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("this publisher of an AsyncIterator has a subscriber"));
            return;
        }
        Pump<T> pump = new Pump<>(iterator, subscriber);
        subscriber.onSubscribe(pump);
    }

    /**
     * The subscription: a drain loop that one thread at a time runs (the others only count themselves in), so that
     * signals to the subscriber never overlap (rule 1.3) and never recurse, and the iterator is used by one thread at a
     * time, as it requires: a cancel, which may come from any thread (rule 3.5), only marks the subscription and
     * leaves the closing to the loop, so that it never closes the iterator between a {@code hasNext()} and its
     * {@code next()}.
     */
    private static final class Pump<T> implements Flow.Subscription {
        private final AsyncIterator<T> iterator;
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final SerialDrain drain = new SerialDrain(this::pumpWhileReady);
        private volatile boolean cancelled;
        /** The first non-positive request, reported from the drain loop; null while there was none. */
        private volatile Long badRequest;
        /** The hasNext() future being waited for; touched inside the drain loop only. */
        private CompletableFuture<Boolean> pending;
        private boolean waiting;
        private boolean done;

        Pump(AsyncIterator<T> iterator, Flow.Subscriber<? super T> subscriber) {
            this.iterator = iterator;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (badRequest == null) {
                    badRequest = n;
                } // rule 3.9, signalled from the drain loop to keep signals serial
            } else {
                demand.getAndAccumulate(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
            }
            drain();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                drain();
            }
        }

        private void drain() {
            drain.run();
        }

        private void pumpWhileReady() {
            // A cancel and a bad request are looked at before a pending hasNext(), which may never complete.
            while (!done) {
                if (cancelled) {
                    done = true;
                    close();
                    return;
                }
                if (badRequest != null) {
                    finish(new IllegalArgumentException("request(" + badRequest + "): rule 3.9 wants n > 0"));
                    return;
                }
                if (waiting) {
                    return;
                }
                // Asked even with no demand: one item ahead, so that the end is signalled without a request (rule
                // 1.5; a subscriber that requested exactly as many items as there are waits for onComplete).
                CompletableFuture<Boolean> next;
                try {
                    next = pending != null ? pending : Objects.requireNonNull(iterator.hasNext(),
                            "the iterator's hasNext() returned null");
                } catch (RuntimeException | Error failure) { // an iterator of the program's own
                    finish(failure);
                    return;
                }
                if (!next.isDone()) {
                    pending = next;
                    waiting = true;
                    next.whenComplete((value, failure) -> {
                        waiting = false;
                        drain();
                    });
                    return;
                }
                boolean hasItem;
                try {
                    hasItem = next.join();
                } catch (Throwable failure) {
                    finish(Failures.heldBy(failure));
                    return;
                }
                if (!hasItem) {
                    finish(null);
                    return;
                }
                if (demand.get() == 0) {
                    pending = next; // the item is there; next() waits for a request
                    return;
                }
                pending = null;
                demand.decrementAndGet();
                T item;
                try {
                    item = iterator.next();
                } catch (RuntimeException | Error failure) {
                    finish(failure);
                    return;
                }
                try {
                    subscriber.onNext(item);
                } catch (Throwable broken) {
                    // Rule 2.13 forbids it; the subscription is then taken as cancelled, and the iterator closed.
                    done = true;
                    System.getLogger("dev.jawait").log(System.Logger.Level.ERROR,
                            "jawait: a subscriber's onNext threw; its subscription is cancelled", broken);
                    close();
                    return;
                }
            }
        }

        /** Closes the iterator, from the drain loop; a close that fails is logged, since no signal is left to send. */
        private void close() {
            try {
                iterator.closeAsync().whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                                "jawait: closing a published AsyncIterator failed", Failures.unwrap(failure));
                    }
                });
            } catch (RuntimeException | Error failure) {
                System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                        "jawait: closing a published AsyncIterator failed", failure);
            }
        }

        /**
         * Signals the end (or the failure), then closes the iterator, which an iterator of the program's own may need
         * after its end too; it is closed even if the subscriber throws.
         */
        private void finish(Throwable failure) {
            done = true;
            try {
                if (failure == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
            } finally {
                close();
            }
        }
    }
}
