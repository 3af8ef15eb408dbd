package dev.jawait.internal;

import dev.jawait.AsyncIterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes the items of an {@link AsyncIterator} to one subscriber, reading only as many as it requested. */
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
     * signals to the subscriber never overlap (rule 1.3) and never recurse.
     */
    private static final class Pump<T> implements Flow.Subscription {
        private final AsyncIterator<T> iterator;
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
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
                iterator.closeAsync();
            }
        }

        private void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                pumpWhileReady();
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private void pumpWhileReady() {
            while (!done && !cancelled && !waiting) {
                if (badRequest != null) {
                    finish(new IllegalArgumentException("request(" + badRequest + "): rule 3.9 wants n > 0"));
                    iterator.closeAsync();
                    return;
                }
                if (demand.get() == 0) {
                    return;
                }
                CompletableFuture<Boolean> next = pending != null ? pending : iterator.hasNext();
                if (!next.isDone()) {
                    pending = next;
                    waiting = true;
                    next.whenComplete((value, failure) -> {
                        waiting = false;
                        drain();
                    });
                    return;
                }
                pending = null;
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
                demand.decrementAndGet();
                subscriber.onNext(iterator.next());
            }
        }

        private void finish(Throwable failure) {
            done = true;
            if (failure == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(failure);
            }
        }
    }
}
