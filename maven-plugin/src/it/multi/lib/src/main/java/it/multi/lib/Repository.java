package it.multi.lib;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A library type whose subclass lives in the other module: frames are computed from the dependency's classes. */
public class Repository {
    protected String prefix() {
        return "lib";
    }

    @Async
    public CompletableFuture<String> find(int id) {
        String row = await(CompletableFuture.supplyAsync(() -> "row" + id,
                CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)));
        return CompletableFuture.completedFuture(prefix() + ":" + row);
    }
}
