package dev.jawait.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwraps and rethrows the exceptions that futures carry. */
public final class Failures {
    /**
     * Whether {@code join()} and {@code getNow} of a cancelled future throw a new {@code CancellationException} caused
     * by the one the future holds (JDK 23 and later, to name the method), instead of that one.
     */
    private static final boolean JOIN_WRAPS_CANCELLATION = joinWrapsCancellation();

    private Failures() {
    }

    private static boolean joinWrapsCancellation() {
        CancellationException held = new CancellationException();
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        cancelled.completeExceptionally(held);
        try {
            cancelled.join();
            throw new AssertionError("a failed future's join() returned");
        } catch (CancellationException thrown) {
            return thrown != held;
        }
    }

    /**
     * The exception a future actually failed with: {@code CompletableFuture} wraps failures of dependent stages in
     * {@link CompletionException}, and {@code Future.get} in {@link ExecutionException}.
     */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The exception a future failed with, from the one its {@code join()} or {@code getNow} threw: unwrapped from
     * {@link CompletionException}, and a cancellation as the future holds it, not the copy that JDK 23 and later
     * throw around it. What an await rethrows, and what its async trace is recorded on.
     */
    public static Throwable heldBy(Throwable thrownByJoin) {
        if (thrownByJoin instanceof CancellationException) {
            Throwable cause = thrownByJoin.getCause();
            return JOIN_WRAPS_CANCELLATION && cause instanceof CancellationException ? cause : thrownByJoin;
        }
        return unwrap(thrownByJoin);
    }

    /** The exception a done future failed with ({@link #heldBy}), or null if it completed normally. */
    public static Throwable failureOf(CompletableFuture<?> done) {
        if (!done.isCompletedExceptionally()) {
            return null;
        }
        try {
            done.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return heldBy(e);
        }
    }

    /** Completes {@code target} as {@code source} completes: same value, or the same exception unwrapped. */
    public static <T> void relay(java.util.concurrent.CompletionStage<? extends T> source,
            CompletableFuture<? super T> target) {
        source.whenComplete(relayTo(target));
    }

    /** A callback that completes {@code target} with what it is given: the value, or the exception unwrapped. */
    public static <T> java.util.function.BiConsumer<T, Throwable> relayTo(CompletableFuture<? super T> target) {
        return (value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(unwrap(failure));
            } else {
                target.complete(value);
            }
        };
    }

    /**
     * Adds {@code also} to {@code first}'s suppressed exceptions, unless it is null or {@code first} itself: code that
     * throws one preallocated exception for every failure would otherwise turn the report into the {@code
     * IllegalArgumentException} of a self-suppression.
     */
    public static void suppress(Throwable first, Throwable also) {
        if (also != null && also != first) {
            first.addSuppressed(also);
        }
    }

    /**
     * Cancels {@code future}, a stage of the program's own that may refuse by throwing (a checked exception too):
     * what it throws is logged, not passed to code that must go on (the other inputs of a combination, a timeout).
     */
    public static void cancelOrLog(CompletableFuture<?> future, boolean mayInterruptIfRunning) {
        try {
            future.cancel(mayInterruptIfRunning);
        } catch (Exception refused) {
            System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                    "jawait: a stage refused to be cancelled: " + future.getClass().getName(), refused);
        }
    }

    /** Throws {@code t} as it is, checked or not, without the compiler asking for a {@code throws} clause. */
    public static RuntimeException sneakyThrow(Throwable t) {
        throw Failures.<RuntimeException>sneakyThrow0(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneakyThrow0(Throwable t) throws T {
        throw (T) t;
    }
}
