package dev.jawait.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwraps and rethrows the exceptions that futures carry. */
public final class Failures {
    private Failures() {
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

    /** The exception a done future failed with, unwrapped, or null if it completed normally. */
    public static Throwable failureOf(java.util.concurrent.CompletableFuture<?> done) {
        if (!done.isCompletedExceptionally()) {
            return null;
        }
        try {
            done.join();
            return null;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        } catch (RuntimeException e) {
            return unwrap(e);
        }
    }

    /** Completes {@code target} as {@code source} completes: same value, or the same exception unwrapped. */
    public static <T> void relay(java.util.concurrent.CompletionStage<? extends T> source,
            java.util.concurrent.CompletableFuture<? super T> target) {
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(unwrap(failure));
            } else {
                target.complete(value);
            }
        });
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
