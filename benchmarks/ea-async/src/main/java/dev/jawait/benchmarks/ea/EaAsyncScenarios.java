package dev.jawait.benchmarks.ea;

import static com.ea.async.Async.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The benchmark scenarios written with EA Async: the same bodies as the jawait ones in the benchmarks module, line for
 * line, so that only the rewriting differs. EA Async's Maven plugin rewrites them at build time.
 */
public final class EaAsyncScenarios {
    private EaAsyncScenarios() {
    }

    /** Scenario 1: {@code n} awaits of a future that is already complete. */
    public static CompletableFuture<Integer> sumCompleted(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(done);
        }
        return completedFuture(sum);
    }

    /** Scenario 2: {@code n} awaits, each of a new future that the caller completes after the call suspended. */
    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(source.get());
        }
        return completedFuture(sum);
    }

    /** Scenario 3: a call suspended at one await with four live locals (an int, a long and two references). */
    public static CompletableFuture<Long> holdFourLocals(CompletableFuture<Integer> gate, int a, long b, String c,
            Object d) {
        int value = await(gate);
        return completedFuture(a + b + c.length() + (d == null ? 0 : 1) + value);
    }

    /** Scenario 4: a task that sleeps 1 ms {@code sleeps} times. */
    public static CompletableFuture<Integer> sleeper(int sleeps) {
        for (int i = 0; i < sleeps; i++) {
            await(Tasks.sleep(1));
        }
        return completedFuture(sleeps);
    }

    /** Scenario 6: a 4-deep chain of async calls; only the innermost awaits a pending future. */
    public static CompletableFuture<Integer> chain1(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain2(gate, local));
        return completedFuture(value + local);
    }

    static CompletableFuture<Integer> chain2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain3(gate, local));
        return completedFuture(value + local);
    }

    static CompletableFuture<Integer> chain3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(chain4(gate, local));
        return completedFuture(value + local);
    }

    static CompletableFuture<Integer> chain4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        int value = await(gate);
        return completedFuture(value + local);
    }

    /** Scenario 7: synchronous recursion through completed futures, {@code n} levels deep. */
    public static CompletableFuture<Integer> recurse(int n) {
        if (n == 0) {
            return completedFuture(0);
        }
        return completedFuture(1 + await(recurse(n - 1)));
    }
}
