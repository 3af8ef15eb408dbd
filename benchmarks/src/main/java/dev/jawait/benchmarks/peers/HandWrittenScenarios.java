package dev.jawait.benchmarks.peers;

import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The benchmark scenarios as a careful engineer writes them without jawait: each loop of awaits becomes a recursive
 * helper chained with {@code thenCompose}, as in the README's hand-written example.
 */
public final class HandWrittenScenarios {
    private HandWrittenScenarios() {
    }

    /** Scenario 1: {@code n} reads of a future that is already complete. */
    public static CompletableFuture<Integer> sumCompleted(CompletableFuture<Integer> done, int n) {
        return sumCompletedFrom(done, n, 0, 0);
    }

    private static CompletableFuture<Integer> sumCompletedFrom(CompletableFuture<Integer> done, int n, int i,
            int sum) {
        if (i == n) {
            return completedFuture(sum);
        }
        return done.thenCompose(value -> sumCompletedFrom(done, n, i + 1, sum + value));
    }

    /** Scenario 2: {@code n} futures from {@code source}, each completed by the caller after it was chained. */
    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int n) {
        return sumSuspendingFrom(source, n, 0, 0);
    }

    private static CompletableFuture<Integer> sumSuspendingFrom(Supplier<CompletableFuture<Integer>> source, int n,
            int i, int sum) {
        if (i == n) {
            return completedFuture(sum);
        }
        return source.get().thenCompose(value -> sumSuspendingFrom(source, n, i + 1, sum + value));
    }

    /** Scenario 3: a continuation waiting for {@code gate} that holds four values (an int, a long, two references). */
    public static CompletableFuture<Long> holdFourLocals(CompletableFuture<Integer> gate, int a, long b, String c,
            Object d) {
        return gate.thenApply(value -> a + b + c.length() + (d == null ? 0 : 1) + value);
    }

    /** Scenario 4: a task that sleeps 1 ms {@code sleeps} times. */
    public static CompletableFuture<Integer> sleeper(int sleeps) {
        return sleepFrom(sleeps, 0);
    }

    private static CompletableFuture<Integer> sleepFrom(int sleeps, int i) {
        if (i == sleeps) {
            return completedFuture(sleeps);
        }
        return Tasks.sleep(1).thenCompose(ignored -> sleepFrom(sleeps, i + 1));
    }

    /** Scenario 6: the 4-deep chain, each level a {@code thenApply} on the level below. */
    public static CompletableFuture<Integer> chain1(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        return chain2(gate, local).thenApply(value -> value + local);
    }

    private static CompletableFuture<Integer> chain2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        return chain3(gate, local).thenApply(value -> value + local);
    }

    private static CompletableFuture<Integer> chain3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        return chain4(gate, local).thenApply(value -> value + local);
    }

    private static CompletableFuture<Integer> chain4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        return gate.thenApply(value -> value + local);
    }

    /** Scenario 7: synchronous recursion through completed futures, {@code n} levels deep. */
    public static CompletableFuture<Integer> recurse(int n) {
        if (n == 0) {
            return completedFuture(0);
        }
        return recurse(n - 1).thenApply(value -> 1 + value);
    }
}
