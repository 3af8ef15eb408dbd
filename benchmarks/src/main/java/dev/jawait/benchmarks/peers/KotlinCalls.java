package dev.jawait.benchmarks.peers;

import dev.jawait.benchmarks.kotlin.FutureContinuation;
import dev.jawait.benchmarks.kotlin.KotlinScenarios;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Starts the Kotlin suspend functions of the scenarios from Java the way a coroutine starts them: the function is
 * called with a completion, here a {@link FutureContinuation} that is also the future returned, and returns either
 * its value or the marker that it suspended.
 */
public final class KotlinCalls {
    private KotlinCalls() {
    }

    public static CompletableFuture<Integer> sumCompleted(CompletableFuture<Integer> done, int n) {
        FutureContinuation<Integer> call = new FutureContinuation<>();
        return call.returned(KotlinScenarios.sumCompleted(done, n, call));
    }

    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int n) {
        FutureContinuation<Integer> call = new FutureContinuation<>();
        return call.returned(KotlinScenarios.sumSuspending(source, n, call));
    }

    public static CompletableFuture<Long> holdFourLocals(CompletableFuture<Integer> gate, int a, long b, String c,
            Object d) {
        FutureContinuation<Long> call = new FutureContinuation<>();
        return call.returned(KotlinScenarios.holdFourLocals(gate, a, b, c, d, call));
    }

    public static CompletableFuture<Integer> chain1(CompletableFuture<Integer> gate, int x) {
        FutureContinuation<Integer> call = new FutureContinuation<>();
        return call.returned(KotlinScenarios.chain1(gate, x, call));
    }

    public static CompletableFuture<Integer> recurse(int n) {
        FutureContinuation<Integer> call = new FutureContinuation<>();
        return call.returned(KotlinScenarios.recurse(n, call));
    }
}
