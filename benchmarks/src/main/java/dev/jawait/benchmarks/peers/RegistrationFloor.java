package dev.jawait.benchmarks.peers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Scenario 2's floor: the least that any await of a pending plain {@code CompletableFuture} can do through the JDK's
 * public API, written by hand with nothing else. One object per call, which is both the future the call returns and
 * its state machine. Each await registers it with {@code whenCompleteAsync(this, this)}, as jawait does: every
 * dependent-stage method allocates a completion record and a dependent future, and this one hands its completion to
 * the executor once the awaited future has completed, so the call goes on from there without completing the
 * dependent future (one CAS fewer than {@code whenComplete}). No cancellation, no event loop, no context, no failure
 * handling: what a rewriter adds costs on top of this.
 */
public final class RegistrationFloor extends CompletableFuture<Integer>
        implements BiConsumer<Object, Throwable>, Executor {
    private final Supplier<CompletableFuture<Integer>> source;
    private final int awaits;
    private int done;
    private int sum;
    private CompletableFuture<Integer> awaited;

    private RegistrationFloor(Supplier<CompletableFuture<Integer>> source, int awaits) {
        this.source = source;
        this.awaits = awaits;
    }

    /** Sums {@code awaits} futures from {@code source}, each awaited in turn. */
    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int awaits) {
        RegistrationFloor call = new RegistrationFloor(source, awaits);
        call.next();
        return call;
    }

    private void next() {
        while (done < awaits) {
            CompletableFuture<Integer> awaited = source.get();
            if (!awaited.isDone()) {
                this.awaited = awaited;
                awaited.whenCompleteAsync(this, this);
                return;
            }
            sum += awaited.join();
            done++;
        }
        complete(sum);
    }

    /** Called by the awaited future, once it has completed, with the completion that would call {@link #accept}. */
    @Override
    public void execute(Runnable unused) {
        sum += awaited.join();
        done++;
        next();
    }

    /** Never called: {@link #execute} does not run the completion that would call it. */
    @Override
    public void accept(Object value, Throwable failure) {
        throw new AssertionError();
    }
}
