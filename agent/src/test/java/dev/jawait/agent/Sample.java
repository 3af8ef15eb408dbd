package dev.jawait.agent;

import dev.jawait.Async;
import dev.jawait.Await;
import java.util.concurrent.CompletableFuture;

/** A class that mentions jawait, for the transformer tests. */
final class Sample {
    @Async
    static CompletableFuture<String> echo(CompletableFuture<String> value) {
        return CompletableFuture.completedFuture(Await.await(value));
    }
}
