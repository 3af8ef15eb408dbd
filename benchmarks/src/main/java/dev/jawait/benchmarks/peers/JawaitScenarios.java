package dev.jawait.benchmarks.peers;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The benchmark scenarios written with jawait, rewritten at build time by jawait-maven-plugin. The EA Async module
 * has the same bodies line for line, so that only the rewriting differs.
 */
public final class JawaitScenarios {
    private JawaitScenarios() {
    }

    /** Scenario 1: {@code n} awaits of a future that is already complete. */
    @Async
    public static CompletableFuture<Integer> sumCompleted(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done);
        }
        return completedFuture(sum);
    }

    /** Scenario 2: {@code n} awaits, each of a new future that the caller completes after the call suspended. */
    @Async
    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(source.get());
        }
        return completedFuture(sum);
    }

    /** Scenario 3: a call suspended at one await with four live locals (an int, a long and two references). */
    @Async
    public static CompletableFuture<Long> holdFourLocals(CompletableFuture<Integer> gate, int a, long b, String c,
            Object d) {
        int value = await(gate);
        return completedFuture(a + b + c.length() + (d == null ? 0 : 1) + value);
    }

    /** Scenario 4: a task that sleeps 1 ms {@code sleeps} times. */
    @Async
    public static CompletableFuture<Integer> sleeper(int sleeps) {
        for (int i = 0; i < sleeps; i++) {
            await(Tasks.sleep(1));
        }
        return completedFuture(sleeps);
    }

    /** Fails after one real suspension: the failure-path cost of a call (async stack trace, unretrieved watch). */
    @Async
    public static CompletableFuture<Integer> failAfter(Supplier<CompletableFuture<Integer>> source,
            RuntimeException failure) {
        await(source.get());
        throw failure;
    }

    /** Awaits a call that fails, and catches its failure: the retrieved case. */
    @Async
    public static CompletableFuture<Integer> catchFailure(Supplier<CompletableFuture<Integer>> source,
            RuntimeException failure) {
        try {
            return completedFuture(await(failAfter(source, failure)));
        } catch (RuntimeException e) {
            return completedFuture(-1);
        }
    }

    /**
     * Scenario 6: a 4-deep chain of async calls, each holding one {@code int} across its await; only the innermost
     * awaits a pending future ({@code gate}).
     */
    @Async
    public static CompletableFuture<Integer> chain1(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain2(gate, local));
        return completedFuture(value + local);
    }

    @Async
    static CompletableFuture<Integer> chain2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain3(gate, local));
        return completedFuture(value + local);
    }

    @Async
    static CompletableFuture<Integer> chain3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain4(gate, local));
        return completedFuture(value + local);
    }

    @Async
    static CompletableFuture<Integer> chain4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(gate);
        return completedFuture(value + local);
    }

    /** Scenario 7: synchronous recursion through completed futures, {@code n} levels deep. */
    @Async
    public static CompletableFuture<Integer> recurse(int n) {
        if (n == 0) {
            return completedFuture(0);
        }
        return completedFuture(1 + await(recurse(n - 1)));
    }
}
