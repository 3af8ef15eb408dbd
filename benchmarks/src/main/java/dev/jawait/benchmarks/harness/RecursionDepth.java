package dev.jawait.benchmarks.harness;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Scenario 7: how deep synchronous recursion through completed futures ({@code return completedFuture(1 +
 * await(recurse(n - 1)))}) goes on a thread with the default stack. Cold: the JVM's first call of the recursion, at
 * {@code levels}, after one use of {@code CompletableFuture} (see {@code useFuturesOnce}). Warm: the deepest that
 * works after 20,000 calls of 200 levels, found by bisection. One peer per JVM: {@code java -cp benchmarks.jar
 * dev.jawait.benchmarks.harness.RecursionDepth jawait 20000}. With a third
 * argument, {@code warm}: only the warm-up, then one call at {@code levels}, so that no overflow has deoptimized
 * anything before it (the bisection's overflows do; its figure is then whatever the JIT compiled again).
 */
public final class RecursionDepth {
    private static final int CEILING = 1 << 20;

    private RecursionDepth() {
    }

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        int levels = Integer.parseInt(args[1]);
        IntFunction<CompletableFuture<Integer>> recurse = recursion(peer);
        if (args.length > 2 && args[2].equals("warm")) {
            // The warm verdict, in a JVM of its own: no overflow has deoptimized anything before the call.
            warmUp(recurse);
            System.out.println(Json.object("scenario", "recursion-warm", "peer", peer, "levels", levels,
                    "reached", reaches(recurse, levels), "jvm", Runtime.version().toString()));
            return;
        }
        useFuturesOnce();
        boolean cold = reaches(recurse, levels);
        int low = 0;
        int high = CEILING;
        while (high - low > 100) {
            int middle = (low + high) >>> 1;
            // Again before each probe: an overflow deoptimizes what it unwinds through (its handlers had never run).
            warmUp(recurse);
            if (reaches(recurse, middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        System.out.println(Json.object("scenario", "recursion-depth", "peer", peer, "coldLevels", levels,
                "coldReached", cold, "warmDeepest", low, "jvm", Runtime.version().toString()));
    }

    /**
     * Has this class's loader resolve {@code CompletableFuture}, as a program's loader has before it recurses through
     * futures. C1 compiles the recursion on its way down, before any of its calls into {@code CompletableFuture} has
     * run; it then looks the class up through the caller's loader, and if that loader has not resolved it yet, C1
     * treats it as not loaded and compiles those calls without inlining them. Its frames are then smaller than a
     * program's: on JDK 25, 96 bytes against 336 for the hand-written chain, and 272 against 368 for jawait, whose
     * frame is mostly its runtime's code; with {@code -Xbatch}, the chain went 18,750 levels deep where a program's
     * goes 5,546.
     */
    private static void useFuturesOnce() {
        CompletableFuture.completedFuture(0).join();
    }

    private static void warmUp(IntFunction<CompletableFuture<Integer>> recurse) {
        for (int i = 0; i < 20_000; i++) {
            recurse.apply(200).join();
        }
    }

    private static IntFunction<CompletableFuture<Integer>> recursion(String peer) {
        switch (peer) {
            case "jawait":
                return JawaitScenarios::recurse;
            case "hand-written":
                return HandWrittenScenarios::recurse;
            case "ea-async":
                return EaAsyncScenarios::recurse;
            case "kotlin":
                return KotlinCalls::recurse;
            default:
                throw new IllegalArgumentException("unknown peer " + peer);
        }
    }

    /** Whether {@code levels} of recursion complete with the right value on a new thread with the default stack. */
    private static boolean reaches(IntFunction<CompletableFuture<Integer>> recurse, int levels) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(recurse.apply(levels).handle((value, failure) -> failure != null ? failure : value)
                        .join());
            } catch (StackOverflowError overflow) {
                outcome.set(overflow);
            }
        });
        thread.start();
        thread.join();
        return Integer.valueOf(levels).equals(outcome.get());
    }
}
