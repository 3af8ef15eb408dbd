package it.multi.app;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import it.multi.lib.Repository;
import java.util.concurrent.CompletableFuture;

public class App {
    static class CachedRepository extends Repository {
        @Override
        protected String prefix() {
            return "app";
        }
    }

    @Async
    static CompletableFuture<String> both(boolean cached) {
        Repository repository = cached ? new CachedRepository() : new Repository();
        String first = await(repository.find(1));
        String second = await(repository.find(2));
        return CompletableFuture.completedFuture(first + " " + second);
    }

    public static void main(String[] args) {
        System.out.println("multi: " + both(true).join() + " / " + both(false).join());
    }
}
