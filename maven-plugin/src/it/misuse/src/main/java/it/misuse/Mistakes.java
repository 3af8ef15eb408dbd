package it.misuse;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;

public class Mistakes {
    private final Object lock = new Object();

    static CompletableFuture<String> notAsync(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f));
    }

    @Async
    static String notAFuture() {
        return "x";
    }

    @Async
    synchronized CompletableFuture<String> synchronizedMethod(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f));
    }

    @Async
    CompletableFuture<String> synchronizedBlock(CompletableFuture<String> f) {
        synchronized (lock) {
            return CompletableFuture.completedFuture(await(f));
        }
    }
}
