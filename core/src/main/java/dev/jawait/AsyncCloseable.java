package dev.jawait;

import dev.jawait.internal.AwaitSupport;
import java.util.concurrent.CompletionStage;

/**
 * A resource whose closing is asynchronous: Python's {@code async with}, C#'s {@code await using}. In an {@link
 * Async} method (or an awaiting lambda), a try-with-resources over an {@code AsyncCloseable} awaits {@link
 * #closeAsync()} where Java would call {@code close()}: when the block ends normally, by {@code return}, {@code
 * break} or {@code continue}, or by an exception (then through {@link #closeAsync(Throwable)}, and a failure of the
 * close is added to that exception as suppressed, as Java does for {@code close()}).
 * <pre>{@code
 * @Async
 * CompletableFuture<Order> order(Pool pool, Cart cart) {
 *     try (Session session = await(pool.open())) {      // Session implements AsyncCloseable
 *         return completedFuture(await(session.insert(cart)));
 *     }                                                  // await(session.closeAsync()) here, on every path
 * }
 * }</pre>
 * An implementation writes {@code closeAsync()} only; it may itself be an {@code @Async} method. The rewrite is done
 * by the same agent or build plugin that rewrites awaits; a try-with-resources over an {@code AsyncCloseable} in a
 * method that is not {@code @Async} is reported as a build error.
 */
public interface AsyncCloseable extends AutoCloseable {
    /** Releases the resource; the stage completes once it is released, or fails if releasing failed. */
    CompletionStage<Void> closeAsync();

    /**
     * Releases the resource after the block that used it threw {@code failure}, like Python's {@code __aexit__} with
     * an exception: a resource can then roll back instead of commit, or cancel instead of wait. By default the same
     * as {@link #closeAsync()}.
     */
    default CompletionStage<Void> closeAsync(Throwable failure) {
        return closeAsync();
    }

    /**
     * Not for calling: rewritten code awaits {@link #closeAsync()} instead. Reached only from code that jawait did
     * not rewrite, this throws {@link IllegalStateException} naming the caller (or, with {@code
     * -Djawait.blockingFallback=true}, blocks until {@code closeAsync()} completes).
     */
    @Override
    default void close() {
        AwaitSupport.closeOutsideRewrittenCode(this);
    }
}
