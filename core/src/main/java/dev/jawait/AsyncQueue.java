package dev.jawait;

import dev.jawait.internal.Waiter;
import dev.jawait.internal.WaiterQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A first-in-first-out queue for async producers and consumers, like asyncio's {@code Queue}: unbounded, or bounded
 * so that {@link #put} waits while the queue is full (back-pressure); {@link #take()} waits while it is empty; neither
 * blocks a thread.
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
 * A {@code take()} or {@code put} ended by a timeout ({@code orTimeout}, {@code completeOnTimeout}) or by hand is
 * given up the same way, and cannot be ended so once it is being handed its item.
 * Null items are refused. All methods may be called from any thread and never block.
 *
 * <p><b>Tracking work:</b> like asyncio's {@code Queue.task_done} and {@code Queue.join}, every item put counts as
 * unfinished until a consumer calls {@link #taskDone()} for it, and {@link #join()} completes once none is:
 * <pre>{@code
 * // consumer                            // producer
 * while (true) {                         for (Job job : jobs) {
 *     Job job = await(queue.take());         await(queue.put(job));
 *     try {                              }
 *         await(job.run());              await(queue.join());   // every job has been processed
 *     } finally {
 *         queue.taskDone();
 *     }
 * }
 * }</pre>
 */
public final class AsyncQueue<T> {
    private final Object lock = new Object();
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final WaiterQueue<T> takers = new WaiterQueue<>(lock);
    /** Waiting producers; each carries its item. */
    private final WaiterQueue<Void> putters = new WaiterQueue<>(lock);
    /** Items put and not yet matched by a {@link #taskDone()}; guarded by lock. */
    private long unfinished;
    /** The {@link #join()} calls waiting for {@code unfinished} to reach zero; one given up leaves at once. */
    private final WaiterQueue<Void> joiners = new WaiterQueue<>(lock);

    /** An empty queue without a bound: {@link #put} never waits. */
    public AsyncQueue() {
        this.capacity = Integer.MAX_VALUE;
    }

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
                    unfinished++;
                    return CompletableFuture.completedFuture(null);
                }
                return putters.add(item);
            }
            unfinished++;
        }
        taker.serve(item); // outside the lock: this may run the consumer
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
                    unfinished++;
                    return true;
                }
                return false;
            }
            unfinished++;
        }
        taker.serve(item);
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
            producer.serve(null);
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
            producer.serve(null);
        }
        return item;
    }

    /** Moves the first waiting producer's item into the room just made; returns the producer to complete. */
    private Waiter<Void> admitWaitingProducer() {
        Waiter<Void> producer = putters.claimFirst();
        if (producer != null) {
            items.add(WaiterQueue.payload(producer));
            unfinished++;
        }
        return producer;
    }

    /**
     * Tells the queue that the work on one item taken from it is finished, like asyncio's {@code task_done}: once
     * every item put has been matched so, the futures of {@link #join()} complete.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio's {@code ValueError})
     */
    public void taskDone() {
        List<Waiter<Void>> released = new ArrayList<>();
        synchronized (lock) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than items were put in the queue");
            }
            if (--unfinished > 0) {
                return;
            }
            Waiter<Void> joiner;
            while ((joiner = joiners.claimFirst()) != null) {
                released.add(joiner);
            }
        }
        for (Waiter<Void> joiner : released) {
            joiner.serve(null); // outside the lock: this may run the joining call
        }
    }

    /**
     * A future that completes once every item put has been matched by a {@link #taskDone()} (items put while it
     * waits count too), like asyncio's {@code Queue.join}: at once if no item is unfinished. Each call gets its own
     * future; cancelling it (or a timeout ending it) affects nothing else, and the queue keeps nothing of it.
     */
    public CompletableFuture<Void> join() {
        synchronized (lock) {
            if (unfinished == 0) {
                return CompletableFuture.completedFuture(null);
            }
            return joiners.add(null);
        }
    }

    /** The number of items put and not yet matched by a {@link #taskDone()}. */
    public long unfinishedTasks() {
        synchronized (lock) {
            return unfinished;
        }
    }

    /** The number of items in the queue now, not counting those of waiting producers. */
    public int size() {
        synchronized (lock) {
            return items.size();
        }
    }

    /** The most items the queue holds; {@code Integer.MAX_VALUE} for an unbounded queue. */
    public int capacity() {
        return capacity;
    }
}
