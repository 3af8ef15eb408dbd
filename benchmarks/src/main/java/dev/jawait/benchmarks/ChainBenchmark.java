package dev.jawait.benchmarks;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 6: async calling async. A call of a 4-deep chain of async methods, each holding an {@code int} across its
 * await, where only the innermost awaits a pending future; the caller then completes that future, and the whole chain
 * resumes on this thread. Score and bytes are per top-level call, the gate included (24 bytes alike for every peer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainBenchmark {
    /** What every peer's chain returns for x = 0 and a gate completed with 1: 1 + 4 + 3 + 2 + 1. */
    static final int EXPECTED = 11;

    @Benchmark
    public int jawait() {
        return drive(JawaitScenarios::chain1);
    }

    @Benchmark
    public int thenApply() {
        return drive(HandWrittenScenarios::chain1);
    }

    @Benchmark
    public int eaAsync() {
        return drive(EaAsyncScenarios::chain1);
    }

    @Benchmark
    public int kotlin() {
        return drive(KotlinCalls::chain1);
    }

    private static int drive(BiFunction<CompletableFuture<Integer>, Integer, CompletableFuture<Integer>> chain) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> call = chain.apply(gate, 0);
        gate.complete(1);
        return call.join();
    }
}
