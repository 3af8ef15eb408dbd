package dev.jawait.benchmarks.harness;

import dev.jawait.benchmarks.ea.EaAsyncScenarios;
import dev.jawait.benchmarks.peers.BlockingScenarios;
import dev.jawait.benchmarks.peers.HandWrittenScenarios;
import dev.jawait.benchmarks.peers.JawaitScenarios;
import dev.jawait.benchmarks.peers.KotlinCalls;
import java.lang.ref.Reference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenarios 3 and 6: heap bytes per suspended call. Starts {@code calls} calls that each suspend at one await of a
 * shared pending future, and compares the heap used after full collections before and after. The shape is {@code
 * four-locals} (scenario 3, the default: one call holding four live locals) or {@code chain} (scenario 6: a 4-deep
 * chain of async calls, one {@code int} live per level, the innermost awaiting). JMH does not fit: the quantity is
 * retained memory, not allocation per operation. Run one peer per JVM: {@code java -Xmx3g -cp benchmarks.jar
 * dev.jawait.benchmarks.harness.SuspendedCallMemory jawait 1000000 [chain]}.
 *
 * <p>The shared future is the caller's and is in the baseline; what each call adds to it (its completion record)
 * counts, as do the call's own state and the future it returned. The array that keeps the handles is in the baseline.
 * So is what the first calls of a peer leave for good (its classes loaded, a frame class defined, a thread's state,
 * a scheduler's threads): {@link #WARM_UP_CALLS} calls run and complete before the baseline.
 *
 * <p>The result is what one more suspended call costs: the difference between {@code calls} and half as many, over
 * the calls that make it, so that what the heap holds besides the calls (a few hundred kilobytes that vary from one
 * collection to the next) cancels out instead of being spread over the calls. The plain quotient is printed as well.
 */
public final class SuspendedCallMemory {
    /** The same two references for every call, so that only the call's own state is measured, not its values. */
    private static final String TEXT = "payload";
    private static final Object OBJECT = new Object();
    /** Calls suspended and completed before the baseline (see the class comment). */
    private static final int WARM_UP_CALLS = 10_000;

    private SuspendedCallMemory() {
    }

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        int calls = Integer.parseInt(args[1]);
        boolean chain = args.length > 2 && args[2].equals("chain");
        run(peer, chain, WARM_UP_CALLS, false);
        int half = calls / 2;
        long halfBytes = run(peer, chain, half, true);
        long bytes = run(peer, chain, calls, true);
        String scenario = chain ? "suspended-chain-memory" : "suspended-call-memory";
        System.out.println(Json.object("scenario", scenario, "peer", peer, "calls", calls,
                "bytesPerCall", (double) (bytes - halfBytes) / (calls - half),
                "bytesOverCalls", (double) bytes / calls, "jvm", Runtime.version().toString()));
    }

    /**
     * Suspends {@code calls} calls on one gate, then completes it and checks what they computed; returns the heap
     * they held while suspended if {@code measured}.
     */
    private static long run(String peer, boolean chain, int calls, boolean measured) throws InterruptedException {
        Object[] handles = new Object[calls];
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        LongAdder threadResults = new LongAdder();
        long before = measured ? HeapMeter.usedAfterGc() : 0;

        for (int i = 0; i < calls; i++) {
            handles[i] = chain ? suspendChain(peer, gate, i) : suspend(peer, gate, i, threadResults);
        }
        if (peer.equals("virtual-threads")) {
            waitUntilBlocked(handles);
        }
        long after = measured ? HeapMeter.usedAfterGc() : 0;

        gate.complete(1);
        long total = 0;
        for (Object handle : handles) {
            total += resultOf(handle);
        }
        total += threadResults.sum(); // after the joins above, which make the threads' additions visible
        Reference.reachabilityFence(handles);
        long expected = 0;
        for (int i = 0; i < calls; i++) {
            expected += chain ? 4L * i + 11 : 2L * i + TEXT.length() + 1 + 1;
        }
        if (total != expected) {
            throw new AssertionError(peer + ": the calls computed " + total + ", expected " + expected);
        }
        return after - before;
    }

    private static Object suspend(String peer, CompletableFuture<Integer> gate, int i, LongAdder threadResults) {
        switch (peer) {
            case "jawait":
                return JawaitScenarios.holdFourLocals(gate, i, i, TEXT, OBJECT);
            case "hand-written":
                return HandWrittenScenarios.holdFourLocals(gate, i, i, TEXT, OBJECT);
            case "ea-async":
                return EaAsyncScenarios.holdFourLocals(gate, i, i, TEXT, OBJECT);
            case "kotlin":
                return KotlinCalls.holdFourLocals(gate, i, i, TEXT, OBJECT);
            case "virtual-threads":
                return Thread.ofVirtual().start(
                        () -> threadResults.add(BlockingScenarios.holdFourLocals(gate, i, i, TEXT, OBJECT)));
            default:
                throw new IllegalArgumentException("unknown peer " + peer);
        }
    }

    private static Object suspendChain(String peer, CompletableFuture<Integer> gate, int i) {
        switch (peer) {
            case "jawait":
                return JawaitScenarios.chain1(gate, i);
            case "hand-written":
                return HandWrittenScenarios.chain1(gate, i);
            case "ea-async":
                return EaAsyncScenarios.chain1(gate, i);
            case "kotlin":
                return KotlinCalls.chain1(gate, i);
            default:
                throw new IllegalArgumentException("no chain for peer " + peer);
        }
    }

    /** A virtual thread counts once it is parked in {@code join()}, its stack copied to the heap. */
    private static void waitUntilBlocked(Object[] threads) throws InterruptedException {
        for (Object thread : threads) {
            while (((Thread) thread).getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
    }

    /** A future's value; 0 for a thread, which added its result to the shared adder itself. */
    private static long resultOf(Object handle) throws InterruptedException {
        if (handle instanceof Thread) {
            ((Thread) handle).join();
            return 0;
        }
        return ((Number) ((CompletableFuture<?>) handle).join()).longValue();
    }
}
