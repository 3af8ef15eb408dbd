package dev.jawait.samples;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Three tasks of 1 s, 1.5 s and 0.5 s: awaited one after the other they take 3 s; gathered they run at the same
 * time and take 1.5 s, on one thread.
 */
public final class GatherSample {
    private GatherSample() {
    }

    @Async
    static CompletableFuture<String> task(String name, long millis) {
        await(Tasks.sleep(millis));
        return completedFuture(name + " (" + millis + " ms) on " + Thread.currentThread().getName());
    }

    @Async
    static CompletableFuture<Timings> compare() {
        long start = System.nanoTime();
        String a = await(task("A", 1000));
        String b = await(task("B", 1500));
        String c = await(task("C", 500));
        long sequential = System.nanoTime() - start;

        start = System.nanoTime();
        List<String> gathered = await(Tasks.gather(task("A", 1000), task("B", 1500), task("C", 500)));
        long concurrent = System.nanoTime() - start;
        return completedFuture(new Timings(List.of(a, b, c), sequential, gathered, concurrent));
    }

    /** What the sample measured. */
    public static final class Timings {
        public final List<String> sequentialResults;
        public final long sequentialNanos;
        public final List<String> gatheredResults;
        public final long gatheredNanos;

        Timings(List<String> sequentialResults, long sequentialNanos, List<String> gatheredResults,
                long gatheredNanos) {
            this.sequentialResults = sequentialResults;
            this.sequentialNanos = sequentialNanos;
            this.gatheredResults = gatheredResults;
            this.gatheredNanos = gatheredNanos;
        }
    }

    public static Timings run(PrintStream out) {
        Timings timings = Tasks.run(GatherSample::compare);
        out.printf("sequential: %s%n            took %.2f s%n", timings.sequentialResults,
                timings.sequentialNanos / 1e9);
        out.printf("gather:     %s%n            took %.2f s%n", timings.gatheredResults,
                timings.gatheredNanos / 1e9);
        return timings;
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
