package dev.jawait.internal;

import dev.jawait.testing.AsyncFixture;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs in a child JVM that prints C2's inlining decisions: scenario 2 of the benchmarks (one call awaiting ten plain
 * futures, each pending when awaited and completed afterwards by this thread), long enough for C2 to compile the
 * resumption path from the JDK's completion through the resumed body to its next registration.
 */
public final class ResumptionInliningScenario {
    static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.function.Supplier;",
            "public class Sum {",
            "    @Async",
            "    public static CompletableFuture<Integer> sum(Supplier<CompletableFuture<Integer>> source, int n) {",
            "        int sum = 0;",
            "        for (int i = 0; i < n; i++) {",
            "            sum += await(source.get());",
            "        }",
            "        return CompletableFuture.completedFuture(sum);",
            "    }",
            "}");

    private ResumptionInliningScenario() {
    }

    public static void main(String[] args) throws Exception {
        AsyncFixture fixture = AsyncFixture.clean("fx.Sum", SOURCE, 17);
        Method sum = fixture.rewritten().loadClass("fx.Sum").getMethod("sum", Supplier.class, int.class);
        Relay relay = new Relay();
        long total = 0;
        for (int call = 0; call < Integer.parseInt(args[0]); call++) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer> result = (CompletableFuture<Integer>) sum.invoke(null, relay, 10);
            for (int i = 0; i < 10; i++) {
                relay.complete(i);
            }
            total += result.join();
        }
        System.out.println("END " + total);
    }

    /** Hands out one pending future at a time and completes it on this thread. */
    private static final class Relay implements Supplier<CompletableFuture<Integer>> {
        private CompletableFuture<Integer> pending;

        @Override
        public CompletableFuture<Integer> get() {
            pending = new CompletableFuture<>();
            return pending;
        }

        void complete(int value) {
            pending.complete(value);
        }
    }
}
