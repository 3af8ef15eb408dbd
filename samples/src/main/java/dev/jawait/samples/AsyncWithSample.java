package dev.jawait.samples;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.AsyncCloseable;
import dev.jawait.AsyncIterator;
import dev.jawait.TaskGroup;
import dev.jawait.Tasks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Python's {@code async with} and lazy async generators: a try-with-resources over an {@link AsyncCloseable} awaits
 * its close on every exit. A {@link TaskGroup} closed that way waits for its tasks; a session written here commits
 * when its block ends normally and rolls back when the block throws; a lazy generator produces each item only when
 * asked, and leaving the loop by {@code break} closes it (its {@code finally} runs) before the next line.
 */
public final class AsyncWithSample {
    private AsyncWithSample() {
    }

    // ---- 1. A TaskGroup without join(): the end of the block waits for the tasks -----------------------------------

    @Async
    static CompletableFuture<Void> step(List<String> log, String name, long millis) {
        await(Tasks.sleep(millis));
        log.add("  " + name + " finished");
        return completedFuture(null);
    }

    @Async
    static CompletableFuture<Void> download(List<String> log) {
        try (TaskGroup group = new TaskGroup()) {        // async with asyncio.TaskGroup() as group:
            group.spawn(() -> step(log, "large.tar", 300));
            group.spawn(() -> step(log, "tiny.gif", 100));
            group.spawn(() -> step(log, "small.txt", 200));
            log.add("  block ends, the group awaits its 3 tasks");
        }                                                 // await(group.closeAsync()) here
        log.add("  after the block: every task has finished");
        return completedFuture(null);
    }

    // ---- 2. A session of our own: commit on a normal exit, roll back on an exception -------------------------------

    /** A pretend database session: opening and closing take a few milliseconds, and its close is @Async itself. */
    static final class Session implements AsyncCloseable {
        private final List<String> log;
        private final List<String> pending = new ArrayList<>();

        private Session(List<String> log) {
            this.log = log;
        }

        @Async
        static CompletableFuture<Session> open(List<String> log) {
            await(Tasks.sleep(10));
            log.add("  session opened");
            return completedFuture(new Session(log));
        }

        @Async
        CompletableFuture<Void> insert(String row) {
            await(Tasks.sleep(5));
            pending.add(row);
            log.add("  inserted " + row);
            return completedFuture(null);
        }

        /** The block ended normally (or by return, break, continue): commit, then close. */
        @Async
        @Override
        public CompletableFuture<Void> closeAsync() {
            await(Tasks.sleep(10));
            log.add("  commit " + pending + ", session closed");
            return completedFuture(null);
        }

        /** The block threw {@code failure}: roll back, then close. The failure goes on to the caller. */
        @Async
        @Override
        public CompletableFuture<Void> closeAsync(Throwable failure) {
            await(Tasks.sleep(10));
            log.add("  rollback " + pending + " (" + failure.getMessage() + "), session closed");
            return completedFuture(null);
        }
    }

    @Async
    static CompletableFuture<String> order(List<String> log, List<String> items) {
        try (Session session = await(Session.open(log))) { // async with open_session() as session:
            for (String item : items) {
                if (item.startsWith("unknown")) {
                    throw new IllegalArgumentException("no such product: " + item);
                }
                await(session.insert(item));
            }
        }                                                   // awaits closeAsync() or closeAsync(failure)
        return completedFuture("  ordered " + items.size() + " items");
    }

    @Async
    static CompletableFuture<Void> orders(List<String> log) {
        log.add(await(order(log, List.of("apples", "pears"))));
        try {
            await(order(log, List.of("apples", "unknown-fruit")));
        } catch (IllegalArgumentException e) {
            log.add("  the order failed: " + e.getMessage());
        }
        return completedFuture(null);
    }

    // ---- 3. A lazy generator, and break closing it ------------------------------------------------------------------

    /** Like Python's {@code async def numbers(): for i in range(1, 1000): yield i}, with a finally. */
    static AsyncIterator<Integer> numbers(List<String> log) {
        return AsyncIterator.generate(out -> {
            try {
                for (int i = 1; i < 1000; i++) {
                    log.add("  produce " + i);
                    await(out.emit(i));                     // waits here until the consumer asks again
                }
                return completedFuture(null);
            } finally {
                log.add("  generator finally");
            }
        });
    }

    @Async
    static CompletableFuture<Void> readThree(List<String> log) {
        AsyncIterator<Integer> numbers = numbers(log);
        log.add("  generator created, nothing produced yet");
        try (numbers) {                                     // async with aclosing(numbers()) as numbers:
            while (await(numbers.hasNext())) {              //     async for n in numbers:
                int n = numbers.next();
                log.add("  consume " + n);
                if (n == 3) {
                    break;
                }
            }
        }                                                   // closed here: the generator's finally has run
        log.add("  after the loop");
        return completedFuture(null);
    }

    public static List<String> run(PrintStream out) {
        List<String> log = new ArrayList<>();
        log.add("TaskGroup as async with:");
        Tasks.run(() -> download(log));
        log.add("A session that commits or rolls back:");
        Tasks.run(() -> orders(log));
        log.add("A lazy generator, closed by break:");
        Tasks.run(() -> readThree(log));
        log.forEach(out::println);
        return log;
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
