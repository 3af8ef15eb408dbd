package dev.jawait.benchmarks;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.CancellableFloor;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import dev.jawait.benchmarks.peers.RegistrationFloor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 2: one call awaits {@code awaits} futures, each still pending when awaited and completed afterwards by this
 * thread, so every await suspends and resumes once and no thread hand-off is measured. Scores and bytes are per call;
 * the awaited futures themselves (24 bytes each) are allocated alike by every peer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SuspendingAwaitBenchmark {
    @Param({"1", "10"})
    int awaits;

    private final Relay relay = new Relay();

    @Benchmark
    public int jawait() {
        return drive(JawaitScenarios.sumSuspending(relay, awaits));
    }

    @Benchmark
    public int handWritten() {
        return drive(HandWrittenScenarios.sumSuspending(relay, awaits));
    }

    @Benchmark
    public int eaAsync() {
        return drive(EaAsyncScenarios.sumSuspending(relay, awaits));
    }

    @Benchmark
    public int kotlin() {
        return drive(KotlinCalls.sumSuspending(relay, awaits));
    }

    /** Not a peer: the floor of any await of a plain {@code CompletableFuture} (see {@link RegistrationFloor}). */
    @Benchmark
    public int registrationFloor() {
        return drive(RegistrationFloor.sumSuspending(relay, awaits));
    }

    /** Not a peer: the floor of an await that a cancel from another thread can reach (see {@link CancellableFloor}). */
    @Benchmark
    public int cancellableFloor() {
        return drive(CancellableFloor.sumSuspending(relay, awaits));
    }

    /** Completes each future the call awaits, after it suspended on it; the call ends with the last one. */
    private int drive(CompletableFuture<Integer> call) {
        for (int i = 0; i < awaits; i++) {
            relay.complete(i);
        }
        return call.join();
    }
}
