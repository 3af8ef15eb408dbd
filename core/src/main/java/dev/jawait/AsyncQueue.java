package dev.jawait;

import dev.jawait.internal.Waiter;
import dev.jawait.internal.WaiterQueue;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded first-in-first-out queue for async producers and consumers, like asyncio's {@code Queue}: {@link #put}
 * waits while the queue is full (back-pressure) and {@link #take()} while it is empty, both without blocking a
 * thread.
 * <pre>{@code
 * // producer                            // consumer
 * for (Line line : lines) {              while (true) {
 *     await(queue.put(line));                Line line = await(queue.take());
 * }                                          ...
 *                                        }
 * }</pre>
 *
 * <p><b>Fair:</b> waiting producers put, and waiting consumers take, in the order they started waiting.
 * <b>Cancellation-safe:</b> a cancelled {@code take()} takes nothing, so no item is lost; a cancelled {@code put}
 * puts nothing. If the item was handed over first, {@code cancel} returns false and the future completes normally.
 * Null items are refused. All methods may be called from any thread and never block.
 */
public final class AsyncQueue<T> {
    private final Object lock = new Object();
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final WaiterQueue<T> takers = new WaiterQueue<>(lock);
    /** Waiting producers; each carries its item. */
    private final WaiterQueue<Void> putters = new WaiterQueue<>(lock);

    /**
     * An empty queue that holds at most {@code capacity} items.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public AsyncQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue needs room for at least one item, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * A future that completes once {@code item} is in the queue (or handed to a waiting consumer): at once if there
     * is room, else when a consumer makes room, in turn.
     */
    public CompletableFuture<Void> put(T item) {
        Objects.requireNonNull(item, "item");
        Waiter<T> taker;
        synchronized (lock) {
            taker = takers.claimFirst();
            if (taker == null) {
                if (items.size() < capacity && putters.isEmpty()) {
                    items.add(item);
                    return CompletableFuture.completedFuture(null);
                }
                return putters.add(item);
            }
        }
        taker.complete(item); // outside the lock: this may run the consumer
        return CompletableFuture.completedFuture(null);
    }

    /** Puts {@code item} if there is room and no producer waits; never waits. */
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        Waiter<T> taker;
        synchronized (lock) {
            taker = takers.claimFirst();
            if (taker == null) {
                if (items.size() < capacity && putters.isEmpty()) {
                    items.add(item);
                    return true;
                }
                return false;
            }
        }
        taker.complete(item);
        return true;
    }

    /** A future of the next item: at once if the queue holds one, else when a producer puts one, in turn. */
    public CompletableFuture<T> take() {
        T item;
        Waiter<Void> producer;
        synchronized (lock) {
            item = items.poll();
            if (item == null) {
                return takers.add(null);
            }
            producer = admitWaitingProducer();
        }
        if (producer != null) {
            producer.complete(null);
        }
        return CompletableFuture.completedFuture(item);
    }

    /** Takes the next item if there is one; never waits. Returns null if the queue is empty. */
    public T poll() {
        T item;
        Waiter<Void> producer;
        synchronized (lock) {
            item = items.poll();
            if (item == null) {
                return null;
            }
            producer = admitWaitingProducer();
        }
        if (producer != null) {
            producer.complete(null);
        }
        return item;
    }

    /** Moves the first waiting producer's item into the room just made; returns the producer to complete. */
    private Waiter<Void> admitWaitingProducer() {
        Waiter<Void> producer = putters.claimFirst();
        if (producer != null) {
            items.add(WaiterQueue.payload(producer));
        }
        return producer;
    }

    /** The number of items in the queue now, not counting those of waiting producers. */
    public int size() {
        synchronized (lock) {
            return items.size();
        }
    }

    /** The most items the queue holds. */
    public int capacity() {
        return capacity;
    }
}
