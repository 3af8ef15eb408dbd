package dev.jawait.benchmarks.peers;

import java.util.concurrent.CompletableFuture;

/**
 * The benchmark scenarios as plain blocking code: what one virtual thread per task runs, and, for scenario 1, the
 * floor of any await of a completed future, a {@code join()}.
 */
public final class BlockingScenarios {
    private BlockingScenarios() {
    }

    /** Scenario 1: {@code n} joins of a future that is already complete. */
    public static int sumJoined(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += done.join();
        }
        return sum;
    }

    /**
     * Scenario 1's second floor: {@link #sumJoined} shaped as an {@code @Async} method must be, returning its sum as a
     * completed future that the caller joins. A rewrite of a method whose awaits find their futures done can at best
     * compile to this.
     */
    public static CompletableFuture<Integer> sumJoinedAsFuture(CompletableFuture<Integer> done, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += done.join();
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** Scenario 3: blocked in {@code join()} with four live locals (an int, a long and two references). */
    public static long holdFourLocals(CompletableFuture<Integer> gate, int a, long b, String c, Object d) {
        int value = gate.join();
        return a + b + c.length() + (d == null ? 0 : 1) + value;
    }

    /** Scenario 4: sleeps 1 ms {@code sleeps} times. */
    public static int sleeper(int sleeps) throws InterruptedException {
        for (int i = 0; i < sleeps; i++) {
            Thread.sleep(1);
        }
        return sleeps;
    }
}
