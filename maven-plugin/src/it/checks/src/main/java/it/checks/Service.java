package it.checks;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;

public class Service {
    @Async
    static CompletableFuture<String> audit(String event) {
        return CompletableFuture.completedFuture(event);
    }

    @Async
    static CompletableFuture<String> handle(CompletableFuture<String> request) throws InterruptedException {
        String body = await(request);
        audit(body);
        Thread.sleep(10);
        return CompletableFuture.completedFuture(body);
    }
}
