package dev.jawait.benchmarks.harness;

import dev.jawait.Tasks;
import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.kotlin.KotlinScenarios;
import dev.jawait.benchmarks.peers.BlockingScenarios;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Scenario 4: {@code tasks} tasks that each sleep 1 ms {@code sleeps} times, all started at once; wall time and the
 * highest used heap (sampled every 10 ms, uncollected garbage included). The future-based peers run on one
 * {@code Tasks.run} loop, whose own timer completes their sleeps; Kotlin coroutines call {@code delay} on
 * {@code runBlocking}'s loop (one thread, its own timer); virtual threads call {@code Thread.sleep}. The first
 * round is cold (class loading, JIT); each round starts after a full collection. One peer per JVM:
 * {@code java -Xmx2g -cp benchmarks.jar dev.jawait.benchmarks.harness.ManySleepers jawait 100000 10 4}.
 */
public final class ManySleepers {
    private ManySleepers() {
    }

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        int tasks = Integer.parseInt(args[1]);
        int sleeps = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long[] wallMillis = new long[rounds];
        long[] peakMegabytes = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            HeapMeter.usedAfterGc();
            HeapMeter.Peak peak = HeapMeter.samplePeak(10);
            long start = System.nanoTime();
            long completed = run(peer, tasks, sleeps);
            wallMillis[round] = (System.nanoTime() - start) / 1_000_000;
            peakMegabytes[round] = peak.stop() >> 20;
            if (completed != (long) tasks * sleeps) {
                throw new AssertionError(peer + ": " + completed + " sleeps, expected " + (long) tasks * sleeps);
            }
        }
        System.out.println(Json.object("scenario", "many-sleepers", "peer", peer, "tasks", tasks, "sleeps", sleeps,
                "wallMillis", wallMillis, "peakHeapMegabytes", peakMegabytes, "jvm", Runtime.version().toString()));
    }

    /** Runs every task to the end; returns the number of sleeps they did. */
    private static long run(String peer, int tasks, int sleeps) throws InterruptedException {
        switch (peer) {
            case "jawait":
                return onOneLoop(tasks, () -> JawaitScenarios.sleeper(sleeps));
            case "hand-written":
                return onOneLoop(tasks, () -> HandWrittenScenarios.sleeper(sleeps));
            case "ea-async":
                return onOneLoop(tasks, () -> EaAsyncScenarios.sleeper(sleeps));
            case "kotlin":
                return KotlinScenarios.sleepers(tasks, sleeps);
            case "virtual-threads":
                return onVirtualThreads(tasks, sleeps);
            default:
                throw new IllegalArgumentException("unknown peer " + peer);
        }
    }

    private static long onOneLoop(int tasks, Supplier<CompletableFuture<Integer>> task) {
        List<Integer> done = Tasks.run(() -> {
            List<CompletableFuture<Integer>> all = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                all.add(task.get());
            }
            return Tasks.gather(all);
        });
        return done.stream().mapToLong(Integer::longValue).sum();
    }

    private static long onVirtualThreads(int tasks, int sleeps) throws InterruptedException {
        Thread[] threads = new Thread[tasks];
        long[] slept = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            int index = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    slept[index] = BlockingScenarios.sleeper(sleeps);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long total = 0;
        for (int i = 0; i < tasks; i++) {
            threads[i].join();
            total += slept[i];
        }
        return total;
    }
}
