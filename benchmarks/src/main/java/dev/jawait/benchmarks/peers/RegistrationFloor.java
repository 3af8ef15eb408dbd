package dev.jawait.benchmarks.peers;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Scenario 2's floor: the least that any await of a pending plain {@code CompletableFuture} can do through the JDK's
 * public API, written by hand with nothing else. One object per call, which is both the future the call returns and
 * its state machine; each await registers it with {@code whenComplete} (the cheapest registration the API has: every
 * dependent-stage method allocates a completion record and a dependent future), and the callback adds the value and
 * goes on. No cancellation, no event loop, no context, no failure handling: what a rewriter adds costs on top of this.
 */
public final class RegistrationFloor extends CompletableFuture<Integer> implements BiConsumer<Object, Throwable> {
    private final Supplier<CompletableFuture<Integer>> source;
    private final int awaits;
    private int done;
    private int sum;

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
                awaited.whenComplete(this);
                return;
            }
            sum += awaited.join();
            done++;
        }
        complete(sum);
    }

    @Override
    public void accept(Object value, Throwable failure) {
        sum += (Integer) value;
        done++;
        next();
    }
}
