package dev.jawait.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Hands out one pending future at a time and completes it on the benchmark's own thread, so that every await of
 * scenario 2 really suspends and resumes, with no thread hand-off in the measurement.
 */
final class Relay implements Supplier<CompletableFuture<Integer>> {
    private CompletableFuture<Integer> pending;

    @Override
    public CompletableFuture<Integer> get() {
        pending = new CompletableFuture<>();
        return pending;
    }

    /** Completes the future handed out last; the suspended call resumes before this returns. */
    void complete(int value) {
        CompletableFuture<Integer> future = pending;
        pending = null;
        future.complete(value);
    }
}
