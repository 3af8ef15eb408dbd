package dev.jawait.benchmarks.anatomy;

import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnosis of scenario 2, not a peer comparison: what the proposed changes could reach, by hand-written emulation
 * ({@link LeanSum}), against jawait and the hand-written chain doing the same work as in
 * {@code SuspendingAwaitBenchmark}. {@code leanFrame} awaits plain futures with {@code whenComplete};
 * {@code leanFrameLinked} awaits futures that link the waiting frame directly (proposed change 1); the hand-written
 * chain is run over both kinds of futures, since a {@link LinkedFuture} is a little bigger.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SuspensionAnatomyBenchmark {
    @Param({"1", "10"})
    int awaits;

    private final Source<CompletableFuture<Integer>> plain = new Source<>(CompletableFuture::new);
    private final Source<LinkedFuture> linked = new Source<>(LinkedFuture::new);
    /** The linked futures typed for the hand-written chain, made once so that no operation allocates it. */
    private final Supplier<CompletableFuture<Integer>> linkedForChain = linked::getInteger;

    @Benchmark
    public int jawait() {
        return plain.drive(JawaitScenarios.sumSuspending(plain, awaits), awaits);
    }

    @Benchmark
    public int handWritten() {
        return plain.drive(HandWrittenScenarios.sumSuspending(plain, awaits), awaits);
    }

    @Benchmark
    public int leanFrame() {
        return plain.drive(LeanSum.sumSuspending(plain, awaits), awaits);
    }

    @Benchmark
    public int handWrittenOverLinkedFutures() {
        return linked.drive(HandWrittenScenarios.sumSuspending(linkedForChain, awaits), awaits);
    }

    @Benchmark
    public int leanFrameLinked() {
        return linked.drive(LeanSum.sumSuspending(linked, awaits), awaits);
    }

    /** Hands out one pending future at a time and completes it on this thread, as the benchmarks' Relay does. */
    static final class Source<F extends CompletableFuture<Integer>> implements Supplier<F> {
        private final Supplier<F> factory;
        private F pending;

        Source(Supplier<F> factory) {
            this.factory = factory;
        }

        @Override
        public F get() {
            pending = factory.get();
            return pending;
        }

        CompletableFuture<Integer> getInteger() {
            return get();
        }

        int drive(CompletableFuture<Integer> call, int awaits) {
            for (int i = 0; i < awaits; i++) {
                F future = pending;
                pending = null;
                future.complete(i);
            }
            return call.join();
        }
    }
}
