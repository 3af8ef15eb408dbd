package it.good;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class Main {
    static CompletableFuture<Integer> slow(int value) {
        return CompletableFuture.supplyAsync(() -> value,
                CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
    }

    @Async
    static CompletableFuture<String> total(int n) {
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += await(slow(i));
        }
        return CompletableFuture.completedFuture("total=" + sum);
    }

    public static void main(String[] args) {
        CompletableFuture<String> result = total(4);
        System.out.println("suspended=" + !result.isDone());
        System.out.println("frame=" + result.getClass().getName());
        System.out.println(result.join());
    }
}
