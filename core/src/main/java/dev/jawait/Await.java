package dev.jawait;

import dev.jawait.internal.AwaitSupport;
import java.util.concurrent.CompletionStage;

/** The suspension point of an {@link Async} method. */
public final class Await {
    /**
     * System property that makes {@code await} in a method that was not rewritten block with {@code join()} (after a
     * one-time warning) instead of failing. Meant for debugging only: a blocked thread can deadlock an event loop.
     */
    public static final String BLOCKING_FALLBACK_PROPERTY = "jawait.blockingFallback";

    private Await() {
    }

    /**
     * Waits for {@code stage} without blocking a thread: in a rewritten {@link Async} method, the method returns its
     * own future here if {@code stage} is not complete yet, and resumes when it completes.
     *
     * <p>This body runs only when the calling method was <em>not</em> rewritten, which is a build or launch mistake:
     * it throws {@link IllegalStateException} naming the caller, unless {@value #BLOCKING_FALLBACK_PROPERTY} is
     * {@code true}.
     *
     * <p>If {@code stage} fails, this throws the exception it failed with, as it was raised (even a checked one,
     * undeclared), not wrapped in a {@link java.util.concurrent.CompletionException}.
     *
     * @param <T> the type of the stage's value
     * @param stage the stage to wait for
     * @return the value {@code stage} completed with
     */
    public static <T> T await(CompletionStage<T> stage) {
        return AwaitSupport.awaitOutsideRewrittenCode(stage);
    }

    /**
     * Like {@link #await(CompletionStage)}, and declares that it throws {@code checked}, so that the caller can
     * catch the checked exception the stage fails with by its type, which javac refuses for a call that does not
     * declare it:
     * <pre>{@code
     * try {
     *     String body = await(client.fetch(uri), IOException.class);
     * } catch (IOException e) {
     *     ...
     * }
     * }</pre>
     * The class is only for the compiler: the exception thrown is the stage's own, whatever its type.
     */
    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> checked) throws X {
        return AwaitSupport.awaitOutsideRewrittenCode(stage);
    }
}
