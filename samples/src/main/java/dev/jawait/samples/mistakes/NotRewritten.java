package dev.jawait.samples.mistakes;

import static dev.jawait.Await.await;

import dev.jawait.Async;
import java.util.concurrent.CompletableFuture;

/** Code the build plugin is told to skip (see the samples' pom), standing for code that was never rewritten. */
public final class NotRewritten {
    private NotRewritten() {
    }

    /** Right as written, but nothing rewrote it: its await fails instead of blocking a thread. */
    @Async
    public static CompletableFuture<String> correctButNotRewrittenAsync() {
        return CompletableFuture.completedFuture(await(new CompletableFuture<String>()));
    }

    public static CompletableFuture<String> correctButNotRewritten() {
        return correctButNotRewrittenAsync();
    }

    /** Await in a method that is not @Async: the build reports it, with this line. */
    public static void awaitOutsideAsync() {
        String value = await(CompletableFuture.completedFuture("x"));
        System.out.println(value);
    }

    /** Two mistakes the build warns about (and fails on, if the checks are set to error). */
    @Async
    public static CompletableFuture<String> blockingAndForgetful() throws InterruptedException {
        correctButNotRewrittenAsync(); // a future nobody awaits: its failure would never be seen
        Thread.sleep(100); // blocks the thread, and every task of its event loop
        return CompletableFuture.completedFuture("done");
    }
}
