package dev.jawait;

import dev.jawait.internal.GeneratorIterator;
import dev.jawait.internal.IteratorPublisher;
import dev.jawait.internal.LazyGenerator;
import dev.jawait.internal.PublisherIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A sequence whose items arrive over time, read with an await per item, like C#'s {@code IAsyncEnumerator} or
 * Python's {@code async for}; closing it is awaited, so use it in a try-with-resources of an {@link Async} method
 * (Python's {@code async with aclosing(...)}):
 * <pre>{@code
 * try (AsyncIterator<Line> lines = AsyncIterator.from(publisher, 64)) {
 *     while (await(lines.hasNext())) {
 *         handle(lines.next());
 *     }
 * }                                   // closed, a generator's finally blocks run, before the next line
 * }</pre>
 * One consumer at a time: call {@link #hasNext()} again only after the previous call's future has completed.
 */
public interface AsyncIterator<T> extends AsyncCloseable {
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
     * Stops reading early, and completes once the source has stopped: a generator resumes with a {@code
     * CancellationException} at its pending await and the stage completes once its {@code finally} blocks have run
     * (it fails if the generator failed in them); a publisher's subscription is cancelled. {@link #hasNext()}
     * completes with false from then on. Closing at the end changes nothing.
     */
    @Override
    CompletionStage<Void> closeAsync();

    /**
     * An async generator as Python's: {@code body} (typically an awaiting lambda, which jawait rewrites as an {@link
     * Async} method) produces the items by awaiting {@link Emitter#emit}, and runs only when asked. Nothing runs
     * before the first {@link #hasNext()}; each {@code hasNext()} runs the body until its next emit, where it waits
     * for the following {@code hasNext()}; so the generator is never more than the item asked for ahead, and after
     * the last item its {@code finally} blocks run when the consumer asks past it. The sequence ends when the stage
     * the body returns completes, or fails as that stage does. The body runs in the consumer's task.
     * <pre>{@code
     * AsyncIterator<Integer> squares = AsyncIterator.generate(out -> {
     *     for (int i = 1; i <= 5; i++) {
     *         await(out.emit(i * i));     // waits here until the consumer asks for the next item
     *     }
     *     return completedFuture(null);
     * });
     * }</pre>
     */
    static <T> AsyncIterator<T> generate(Function<Emitter<T>, ? extends CompletionStage<?>> body) {
        return new LazyGenerator<>(body);
    }

    /**
     * A buffered async generator, for a producer that should run ahead of its consumer: like {@link
     * #generate(Function)}, but an emit completes as soon as the item is buffered, and waits only while {@code buffer}
     * items are unread (back-pressure). The body starts on the first {@link #hasNext()}.
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
     * A {@link Flow.Publisher} of the items of {@code iterator}, for a single subscriber: it takes an item ({@code
     * next()}) only when the subscriber has requested one, signals {@code onComplete} at the end and {@code onError}
     * on failure, and closes the iterator (without waiting) when the subscription is cancelled. It asks {@code
     * hasNext()} one item ahead, so that the end is signalled as soon as it comes, with no request outstanding (rule
     * 1.5): a generator's body runs on to its next emit (or its end) once the requested items are delivered. A second
     * subscriber gets {@code onError}.
     */
    static <T> Flow.Publisher<T> toPublisher(AsyncIterator<T> iterator) {
        return new IteratorPublisher<>(iterator);
    }

    /** What an async generator's body emits its items through. */
    interface Emitter<T> {
        /**
         * A future that completes when the generator should go on: for a lazy generator, when the consumer asks for
         * the next item; for a buffered one, once {@code item} is buffered (at once while the buffer has room).
         * Awaiting it is the generator's back-pressure; after a close it fails with a {@code CancellationException}.
         * Null items are refused.
         */
        CompletableFuture<Void> emit(T item);
    }
}
