package fx;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Rewritten by the transformers of formats 2 to 5; run by the current runtime in EarlierFormatsCompatibilityTest. */
public class Format2 {
    /** A loop that suspends at every await, keeping an int, a long and a double across each. */
    @Async
    public static CompletableFuture<String> sum(Supplier<CompletableFuture<Integer>> source, int n) {
        int count = 0;
        long total = 0;
        double half = 0;
        for (int i = 0; i < n; i++) {
            int value = await(source.get());
            count++;
            total += value;
            half += value / 2.0;
        }
        return completedFuture(count + ":" + total + ":" + half);
    }

    /** A failed await is caught where it was, with the original exception. */
    @Async
    public static CompletableFuture<String> catches(CompletableFuture<String> gate) {
        try {
            return completedFuture("value " + await(gate));
        } catch (IllegalStateException e) {
            return completedFuture("caught " + e.getMessage());
        }
    }

    /** A throw after a resumption fails the call's future with that exception. */
    @Async
    public static CompletableFuture<String> throwsAfterResuming(CompletableFuture<String> gate) {
        String value = await(gate);
        throw new IllegalArgumentException("after " + value);
    }

    @Async
    public static CompletableFuture<String> inner(CompletableFuture<String> gate) {
        String value = await(gate);
        return completedFuture("inner(" + value + ")");
    }

    /** A format-2 call awaiting another. */
    @Async
    public static CompletableFuture<String> outer(CompletableFuture<String> gate) {
        String value = await(inner(gate));
        return completedFuture("outer(" + value + ")");
    }

    /** A cancellation of the call is delivered at its pending await. */
    @Async
    public static CompletableFuture<String> cancellable(CompletableFuture<String> gate) {
        try {
            return completedFuture(await(gate));
        } catch (CancellationException e) {
            return completedFuture("cancelled at the await");
        }
    }

    /** Sleeps on an event loop, twice. */
    @Async
    public static CompletableFuture<String> sleeps() {
        await(Tasks.sleep(1));
        await(Tasks.sleep(1));
        return completedFuture("slept twice");
    }

    /** Awaits only what is done already: never suspends. */
    @Async
    public static CompletableFuture<Integer> neverSuspends(int x) {
        return completedFuture(await(completedFuture(x)) + 1);
    }
}
