package dev.jawait.benchmarks;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.ChainFloors;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import dev.jawait.benchmarks.peers.RegisteredOnceFloor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

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

    private static final Chain JAWAIT = JawaitScenarios::chain1;
    private static final Chain THEN_APPLY = HandWrittenScenarios::chain1;
    private static final Chain EA_ASYNC = EaAsyncScenarios::chain1;
    private static final Chain KOTLIN = KotlinCalls::chain1;
    private static final Chain FUTURE_PER_LEVEL = ChainFloors::futurePerLevel;
    private static final Chain CONTINUATION_PER_LEVEL = ChainFloors::continuationPerLevel;
    private static final Chain REGISTERED_ONCE = RegisteredOnceFloor::registeredOnce;

    /** Each benchmark's chain, by the benchmark's name, for the check below. */
    private static final Map<String, Chain> CHAINS = Map.of("jawait", JAWAIT, "thenApply", THEN_APPLY,
            "eaAsync", EA_ASYNC, "kotlin", KOTLIN, "futurePerLevelFloor", FUTURE_PER_LEVEL,
            "continuationFloor", CONTINUATION_PER_LEVEL, "registeredOnceFloor", REGISTERED_ONCE);

    /**
     * A peer or a floor that computed something else would be timed doing less: refused before it is timed. Only the
     * benchmark's own chain runs, so that the others' classes do not reach the type profiles of the JDK's code.
     */
    @Setup(Level.Trial)
    public void theChainComputesWhatEveryPeerDoes(BenchmarkParams params) {
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        int result = drive(CHAINS.get(name));
        if (result != EXPECTED) {
            throw new IllegalStateException(name + "'s chain computed " + result + ", not " + EXPECTED);
        }
    }

    @Benchmark
    public int jawait() {
        return drive(JAWAIT);
    }

    @Benchmark
    public int thenApply() {
        return drive(THEN_APPLY);
    }

    @Benchmark
    public int eaAsync() {
        return drive(EA_ASYNC);
    }

    @Benchmark
    public int kotlin() {
        return drive(KOTLIN);
    }

    /** Not a peer: the floor while every call returns a future that completes (see {@link ChainFloors}). */
    @Benchmark
    public int futurePerLevelFloor() {
        return drive(FUTURE_PER_LEVEL);
    }

    /** Not a peer: the floor when only the top-level call is a future (see {@link ChainFloors}). */
    @Benchmark
    public int continuationFloor() {
        return drive(CONTINUATION_PER_LEVEL);
    }

    /** Not a peer: the floor of a route where every call still returns a future (see {@link RegisteredOnceFloor}). */
    @Benchmark
    public int registeredOnceFloor() {
        return drive(REGISTERED_ONCE);
    }

    private static int drive(Chain chain) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> call = chain.call(gate, 0);
        gate.complete(1);
        return call.join();
    }

    /** A chain's top-level call: {@code (gate, x)} to the future of its result. */
    private interface Chain {
        CompletableFuture<Integer> call(CompletableFuture<Integer> gate, int x);
    }
}
