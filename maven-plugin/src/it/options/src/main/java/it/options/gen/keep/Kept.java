package it.options.gen.keep;

import static dev.jawait.Await.await;

import java.util.concurrent.CompletableFuture;

/** A misuse that is reported: the exclude's single * does not reach this package. */
public class Kept {
    static CompletableFuture<String> notAsync(CompletableFuture<String> value) {
        return CompletableFuture.completedFuture(await(value));
    }
}
