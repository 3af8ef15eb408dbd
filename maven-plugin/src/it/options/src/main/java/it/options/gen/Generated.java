package it.options.gen;

import static dev.jawait.Await.await;

import java.util.concurrent.CompletableFuture;

/** A misuse that is never reported: the class is excluded. */
public class Generated {
    static CompletableFuture<String> notAsync(CompletableFuture<String> value) {
        return CompletableFuture.completedFuture(await(value));
    }
}
