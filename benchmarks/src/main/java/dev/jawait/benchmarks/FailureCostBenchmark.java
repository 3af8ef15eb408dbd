package dev.jawait.benchmarks;

import dev.jawait.benchmarks.peers.JawaitScenarios;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a failure costs jawait: a call that fails after one real suspension, its failure awaited and caught by its
 * caller (retrieved), or dropped (nobody registered when it failed, so the unretrieved-failure watch is armed: a
 * {@code Cleaner} registration, then the log line once collected, which this does not wait for). Each failure is a
 * new exception, as in real code (an async stack trace is added to it as it passes each await), but one without a
 * stack trace of its own: filling that in is the JVM's cost, the same for every peer, and not what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FailureCostBenchmark {
    private final Relay relay = new Relay();
    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private java.util.logging.Logger jawaitLog;

    /** The dropped calls' log lines would measure the console: the watch's own cost is what is wanted. */
    @Setup
    public void silenceTheLog() {
        jawaitLog = java.util.logging.Logger.getLogger("dev.jawait");
        jawaitLog.setLevel(java.util.logging.Level.OFF);
    }

    @Benchmark
    public int awaitedAndCaught() {
        CompletableFuture<Integer> call = JawaitScenarios.catchFailure(relay, new Failure());
        relay.complete(0);
        return call.join();
    }

    @Benchmark
    public boolean dropped() {
        CompletableFuture<Integer> call = JawaitScenarios.failAfter(relay, new Failure());
        relay.complete(0);
        return call.isDone();
    }

    @Benchmark
    public int succeeding() {
        CompletableFuture<Integer> call = JawaitScenarios.sumSuspending(relay, 1);
        relay.complete(1);
        return call.join();
    }

    /** A failure without a stack trace of its own; suppression stays on, for the async stack trace. */
    static final class Failure extends RuntimeException {
        Failure() {
            super("measured", null, true, false);
        }
    }
}
