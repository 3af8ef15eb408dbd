package dev.jawait.benchmarks.anatomy;

import dev.jawait.internal.AwaitSupport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnosis of scenario 1, not a peer comparison: the code of one await of a completed future, built up a step at a
 * time by hand, without the state machine around it, to tell which step costs what. jawait's rewritten await is
 * {@code resultOf(toFuture(stage))} after an {@code isDone()} check; EA Async's is {@code isDone()} then {@code join()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FastPathAnatomyBenchmark.AWAITS)
public class FastPathAnatomyBenchmark {
    static final int AWAITS = 100;

    private static final Object NOT_DONE = new Object();

    private final CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);

    @Benchmark
    public int join() {
        int sum = 0;
        for (int i = 0; i < AWAITS; i++) {
            sum += done.join();
        }
        return sum;
    }

    @Benchmark
    public int isDoneThenJoin() {
        int sum = 0;
        for (int i = 0; i < AWAITS; i++) {
            CompletableFuture<Integer> future = done;
            if (!future.isDone()) {
                throw new IllegalStateException();
            }
            sum += future.join();
        }
        return sum;
    }

    @Benchmark
    public int toFutureIsDoneJoin() {
        CompletionStage<Integer> stage = done;
        int sum = 0;
        for (int i = 0; i < AWAITS; i++) {
            CompletableFuture<?> future = AwaitSupport.toFuture(stage);
            if (!future.isDone()) {
                throw new IllegalStateException();
            }
            sum += (Integer) future.join();
        }
        return sum;
    }

    @Benchmark
    public int toFutureIsDoneResultOf() {
        CompletionStage<Integer> stage = done;
        int sum = 0;
        for (int i = 0; i < AWAITS; i++) {
            CompletableFuture<?> future = AwaitSupport.toFuture(stage);
            if (!future.isDone()) {
                throw new IllegalStateException();
            }
            sum += (Integer) AwaitSupport.resultOf(future);
        }
        return sum;
    }

    /** One read of the result instead of two: {@code getNow} with a marker that no future can hold. */
    @Benchmark
    public int getNowMarker() {
        CompletionStage<Integer> stage = done;
        int sum = 0;
        for (int i = 0; i < AWAITS; i++) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> future = (CompletableFuture<Object>) AwaitSupport.toFuture(stage);
            Object value = future.getNow(NOT_DONE);
            if (value == NOT_DONE) {
                throw new IllegalStateException();
            }
            sum += (Integer) value;
        }
        return sum;
    }

    /** jawait's rewritten method as the proposed transformer would emit its first run: single-entry loop. */
    @Benchmark
    public int singleEntryRewrite() {
        return SingleEntryBody.sumCompleted(done, AWAITS).join();
    }

    /** The same, reading each outcome once with {@code getNow(marker)}: both proposed changes together. */
    @Benchmark
    public int singleEntryReadOnceRewrite() {
        return SingleEntryBody.sumCompletedReadOnce(done, AWAITS).join();
    }
}
