package dev.jawait.benchmarks.anatomy;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Scenario 2's method ({@code sumSuspending}) written by hand over {@link LeanFrame}, as the proposed rewrite would
 * run it: a single-entry loop for the first run, the outcome read once, the frame completed directly with the value
 * instead of through {@code completedFuture}. Awaits a {@link LinkedFuture} by linking the frame to it, anything else
 * with {@code whenComplete}.
 */
final class LeanSum {
    private static final Object NOT_DONE = new Object();

    private LeanSum() {
    }

    @SuppressWarnings("unchecked")
    static CompletableFuture<Integer> sumSuspending(Supplier<? extends CompletableFuture<Integer>> source, int n) {
        return (CompletableFuture<Integer>) (Object) run(source, n, 0, 0, null);
    }

    static void resume(LeanFrame frame) {
        CompletableFuture<?> awaited = frame.awaited;
        frame.awaited = null;
        int sum = frame.sum + (Integer) awaited.join();
        @SuppressWarnings("unchecked")
        Supplier<? extends CompletableFuture<Integer>> source =
                (Supplier<? extends CompletableFuture<Integer>>) frame.source;
        run(source, frame.n, frame.i + 1, sum, frame);
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<?> run(Supplier<? extends CompletableFuture<Integer>> source, int n, int i,
            int sum, LeanFrame frame) {
        for (; i < n; i++) {
            CompletableFuture<Integer> future = source.get();
            Object value = ((CompletableFuture<Object>) (CompletableFuture<?>) future).getNow(NOT_DONE);
            if (value == NOT_DONE) {
                if (frame == null) {
                    frame = new LeanFrame();
                }
                frame.source = source;
                frame.n = n;
                frame.i = i;
                frame.sum = sum;
                frame.awaited = future;
                if (future instanceof LinkedFuture) {
                    ((LinkedFuture) future).link(frame);
                } else {
                    future.whenComplete(frame);
                }
                return frame;
            }
            sum += (Integer) value;
        }
        if (frame != null) {
            frame.complete(sum);
            return frame;
        }
        return completedFuture(sum);
    }
}
