package dev.jawait.agent;

import dev.jawait.Async;
import dev.jawait.Await;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A class that mentions jawait, for the transformer tests. */
final class Sample {
    @Async
    static CompletableFuture<String> echo(CompletableFuture<String> value) {
        return CompletableFuture.completedFuture(Await.await(value));
    }

    /** A lambda that awaits and blocks: messages name it by {@code sleepy} and its first line, 18. */
    static Supplier<CompletableFuture<String>> sleepy(CompletableFuture<String> value) {
        return () -> {
            String result = Await.await(value);
            try {
                // AsyncClassFileTransformerTest expects this call on line 21
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(result);
        };
    }
}
