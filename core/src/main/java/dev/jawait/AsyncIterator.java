package dev.jawait;

import dev.jawait.internal.GeneratorIterator;
import dev.jawait.internal.IteratorPublisher;
import dev.jawait.internal.PublisherIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A sequence whose items arrive over time, read with an await per item, like C#'s {@code IAsyncEnumerator} or
 * Python's {@code async for}:
 * <pre>{@code
 * try (AsyncIterator<Line> lines = AsyncIterator.from(publisher, 64)) {
 *     while (await(lines.hasNext())) {
 *         handle(lines.next());
 *     }
 * }
 * }</pre>
 * One consumer at a time: call {@link #hasNext()} again only after the previous call's future has completed.
 */
public interface AsyncIterator<T> extends AutoCloseable {
    /**
     * A future that completes with true once an item is ready for {@link #next()}, or false at the end of the
     * sequence; it fails with the exception the sequence failed with, as it was raised. Calling it again before
     * {@link #next()} does not skip an item. Cancelling the future gives up the wait and takes no item.
     */
    CompletableFuture<Boolean> hasNext();

    /**
     * The item that {@link #hasNext()} announced.
     *
     * @throws java.util.NoSuchElementException unless the last {@code hasNext()} completed with true and this item has
     *     not been taken yet
     */
    T next();

    /**
     * Stops reading early: the source is cancelled (a generator resumes with a {@code CancellationException} at its
     * pending await, so its {@code finally} blocks run; a publisher's subscription is cancelled), and {@link
     * #hasNext()} completes with false from then on. Closing at the end changes nothing.
     */
    @Override
    void close();

    /**
     * An async generator: {@code body} (typically an awaiting lambda, which jawait rewrites as an {@link Async}
     * method) produces the items by awaiting {@link Emitter#emit}, which waits while {@code buffer} items are
     * unread: back-pressure. The body starts on the first {@link #hasNext()}, in the consumer's task; the sequence
     * ends when the stage it returns completes, or fails as that stage does.
     * <pre>{@code
     * AsyncIterator<Integer> squares = AsyncIterator.generate(1, out -> {
     *     for (int i = 1; i <= 5; i++) {
     *         await(out.emit(i * i));
     *     }
     *     return completedFuture(null);
     * });
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code buffer} is less than 1
     */
    static <T> AsyncIterator<T> generate(int buffer, Function<Emitter<T>, ? extends CompletionStage<?>> body) {
        return new GeneratorIterator<>(buffer, body);
    }

    /**
     * Reads a {@link Flow.Publisher} (Reactor, RxJava and Mutiny publish through adapters to it) with awaits: it
     * subscribes at once, requests {@code prefetch} items, and requests more as the consumer reads half of them, so
     * that no more than {@code prefetch} items are ever buffered.
     *
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    static <T> AsyncIterator<T> from(Flow.Publisher<? extends T> publisher, int prefetch) {
        return new PublisherIterator<>(publisher, prefetch);
    }

    /**
     * A {@link Flow.Publisher} of the items of {@code iterator}, for a single subscriber: it reads an item only when
     * the subscriber has requested one, signals {@code onComplete} at the end and {@code onError} on failure, and
     * closes the iterator when the subscription is cancelled. A second subscriber gets {@code onError}.
     */
    static <T> Flow.Publisher<T> toPublisher(AsyncIterator<T> iterator) {
        return new IteratorPublisher<>(iterator);
    }

    /** What an async generator's body emits its items through. */
    interface Emitter<T> {
        /**
         * A future that completes once {@code item} is buffered for the consumer: at once while the buffer has room,
         * else when the consumer reads. Awaiting it is the generator's back-pressure. Null items are refused.
         */
        CompletableFuture<Void> emit(T item);
    }
}
