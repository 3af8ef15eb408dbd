package dev.jawait.benchmarks;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.BlockingScenarios;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 1, the fast path: one call awaits a future that is already complete {@value #AWAITS} times. Scores and
 * {@code -prof gc} bytes are per await ({@code @OperationsPerInvocation}); the call's own {@code completedFuture}
 * result is spread over its awaits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CompletedAwaitBenchmark.AWAITS)
public class CompletedAwaitBenchmark {
    static final int AWAITS = 100;

    /** Not a constant, so that the JIT cannot fold the loop away. */
    private final CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);

    @Benchmark
    public int plainJoin() {
        return BlockingScenarios.sumJoined(done, AWAITS);
    }

    @Benchmark
    public int joinAsFuture() {
        return BlockingScenarios.sumJoinedAsFuture(done, AWAITS).join();
    }

    @Benchmark
    public int jawait() {
        return JawaitScenarios.sumCompleted(done, AWAITS).join();
    }

    @Benchmark
    public int handWritten() {
        return HandWrittenScenarios.sumCompleted(done, AWAITS).join();
    }

    @Benchmark
    public int eaAsync() {
        return EaAsyncScenarios.sumCompleted(done, AWAITS).join();
    }

    @Benchmark
    public int kotlin() {
        return KotlinCalls.sumCompleted(done, AWAITS).join();
    }
}
