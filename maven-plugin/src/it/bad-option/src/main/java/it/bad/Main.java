package it.bad;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;

public class Main {
    @Async
    static CompletableFuture<String> echo(CompletableFuture<String> value) {
        return CompletableFuture.completedFuture(await(value));
    }
}
