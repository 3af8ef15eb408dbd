package dev.jawait.samples;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A background task started without awaiting it (fire and forget), joined at the end; and five downloads handled in
 * the order they finish, not the order they started.
 */
public final class BackgroundSample {
    private BackgroundSample() {
    }

    @Async
    static CompletableFuture<Integer> heartbeat(List<String> log, CompletableFuture<Void> stop) {
        int beats = 0;
        while (!stop.isDone()) {
            await(Tasks.sleep(100));
            beats++;
        }
        log.add("heartbeat stopped after " + beats + " beats");
        return completedFuture(beats);
    }

    @Async
    static CompletableFuture<String> download(String name, long millis) {
        await(Tasks.sleep(millis));
        return completedFuture(name);
    }

    @Async
    static CompletableFuture<List<String>> main() {
        List<String> log = new ArrayList<>();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Integer> background = heartbeat(log, stop); // started, not awaited yet

        String[] names = {"big.iso", "small.txt", "medium.zip", "tiny.gif", "large.tar"};
        long[] millis = {900, 100, 500, 50, 700};
        List<CompletableFuture<String>> pending = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            pending.add(download(names[i], millis[i]));
        }
        while (!pending.isEmpty()) {
            await(CompletableFuture.anyOf(pending.toArray(new CompletableFuture<?>[0])));
            for (int i = pending.size() - 1; i >= 0; i--) {
                CompletableFuture<String> done = pending.get(i);
                if (done.isDone()) {
                    log.add("finished " + await(done));
                    pending.remove(i);
                }
            }
        }
        stop.complete(null);
        int beats = await(background); // join the background task before returning
        log.add("the heartbeat ran alongside: " + (beats >= 5 ? "yes" : "no"));
        return completedFuture(log);
    }

    public static List<String> run(PrintStream out) {
        List<String> log = Tasks.run(BackgroundSample::main);
        log.forEach(out::println);
        return log;
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
