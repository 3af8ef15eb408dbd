package it.options.deep;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

public class Service {
    static String legacyQuery() {
        return "row";
    }

    @Async
    static CompletableFuture<String> audit(String event) {
        return CompletableFuture.completedFuture(event);
    }

    @Async
    static CompletableFuture<String> handle(CompletableFuture<String> request) throws InterruptedException {
        String body = await(request);
        audit(body);
        Thread.sleep(10);
        return CompletableFuture.completedFuture(body + legacyQuery());
    }

    static Supplier<CompletableFuture<String>> later(CompletableFuture<String> request) {
        return () -> {
            String body = await(request);
            return CompletableFuture.completedFuture(body + legacyQuery());
        };
    }

    @Async
    static CompletableFuture<String> orDefault(CompletableFuture<String> request) {
        try {
            return CompletableFuture.completedFuture(await(request));
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture("default");
        }
    }
}
