package dev.jawait.benchmarks.anatomy;

import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.internal.AsyncFrame;
import dev.jawait.internal.AwaitSupport;
import dev.jawait.internal.Resumer;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 1's method written by hand the way the proposed rewrite would emit its first run: the same runtime calls
 * and the same suspension code as jawait's, but no resume {@code switch} jumping into the loop, so the loop keeps
 * a single entry. Only the fast path is exercised; the resumption would live in another method.
 */
final class SingleEntryBody {
    private static final Resumer NOT_MEASURED = frame -> {
        throw new UnsupportedOperationException("the resumption is not part of this experiment");
    };

    /** What {@code getNow} returns for a future that is not complete: no future can hold this object. */
    private static final Object NOT_DONE = new Object();

    private SingleEntryBody() {
    }

    /** As {@link #sumCompleted}, reading each future's outcome once ({@code getNow}) instead of twice. */
    @SuppressWarnings("unchecked")
    static CompletableFuture<Integer> sumCompletedReadOnce(CompletableFuture<Integer> done, int n) {
        try {
            return (CompletableFuture<Integer>) bodyReadOnce(done, n);
        } catch (Throwable t) {
            return (CompletableFuture<Integer>) (CompletableFuture<?>) AwaitSupport.failed(t);
        }
    }

    /** The thin wrapper jawait keeps: a throw fails the returned future. */
    @SuppressWarnings("unchecked")
    static CompletableFuture<Integer> sumCompleted(CompletableFuture<Integer> done, int n) {
        try {
            return (CompletableFuture<Integer>) body(done, n);
        } catch (Throwable t) {
            return (CompletableFuture<Integer>) (CompletableFuture<?>) AwaitSupport.failed(t);
        }
    }

    private static Object body(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            CompletableFuture<?> future = AwaitSupport.toFuture(done);
            if (!future.isDone()) {
                AsyncFrame frame = new AsyncFrame(NOT_MEASURED, 3, 0, 1, "anatomy|sumCompleted||1");
                frame.l0 = done;
                frame.i0 = n;
                frame.i1 = i;
                frame.i2 = sum;
                frame.label = 1;
                frame.suspend(future);
                return frame;
            }
            sum += (Integer) AwaitSupport.resultOf(future);
        }
        return completedFuture(sum);
    }

    @SuppressWarnings("unchecked")
    private static Object bodyReadOnce(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            CompletableFuture<Object> future = (CompletableFuture<Object>) AwaitSupport.toFuture(done);
            Object value;
            try {
                value = future.getNow(NOT_DONE);
            } catch (java.util.concurrent.CompletionException failed) {
                value = AwaitSupport.resultOf(future); // throws the original exception, unwrapped
            }
            if (value == NOT_DONE) {
                AsyncFrame frame = new AsyncFrame(NOT_MEASURED, 3, 0, 1, "anatomy|sumCompleted||1");
                frame.l0 = done;
                frame.i0 = n;
                frame.i1 = i;
                frame.i2 = sum;
                frame.label = 1;
                frame.suspend(future);
                return frame;
            }
            sum += (Integer) value;
        }
        return completedFuture(sum);
    }
}
