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
 * Reads every page of a paged async API in a plain loop, through a connection that is opened and closed
 * asynchronously; {@code finally} closes it whether the reading succeeds or fails.
 */
public final class LoopsAndCleanupSample {
    private LoopsAndCleanupSample() {
    }

    /**
     * A failure of the pretend service. Its own type, not {@code IllegalStateException}: a catch of that around an
     * await would also catch the task's cancellation (the build's {@code cancellation-caught} check says so).
     */
    static final class ServiceException extends RuntimeException {
        ServiceException(String message) {
            super(message);
        }
    }

    /** A connection to a pretend paged service: every call takes a few milliseconds. */
    static final class Connection {
        private final List<String> log;
        private final int failAtPage;

        Connection(List<String> log, int failAtPage) {
            this.log = log;
            this.failAtPage = failAtPage;
        }

        @Async
        static CompletableFuture<Connection> open(List<String> log, int failAtPage) {
            await(Tasks.sleep(10));
            log.add("opened");
            return completedFuture(new Connection(log, failAtPage));
        }

        @Async
        CompletableFuture<List<Integer>> page(int number) {
            await(Tasks.sleep(5));
            if (number == failAtPage) {
                throw new ServiceException("page " + number + " is unavailable");
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < (number < 4 ? 3 : 0); i++) {
                items.add(number * 10 + i);
            }
            return completedFuture(items);
        }

        @Async
        CompletableFuture<Void> close() {
            await(Tasks.sleep(10));
            log.add("closed");
            return completedFuture(null);
        }
    }

    @Async
    static CompletableFuture<String> readAll(List<String> log, int failAtPage) {
        Connection connection = await(Connection.open(log, failAtPage));
        try {
            int total = 0;
            for (int number = 1; ; number++) {
                List<Integer> items = await(connection.page(number));
                if (items.isEmpty()) {
                    break;
                }
                for (int item : items) {
                    total += item;
                }
                log.add("page " + number + ": " + items);
            }
            return completedFuture("sum of all items = " + total);
        } catch (ServiceException e) {
            return completedFuture("gave up: " + e.getMessage());
        } finally {
            await(connection.close());
        }
    }

    public static List<String> run(PrintStream out) {
        List<String> log = new ArrayList<>();
        log.add(Tasks.run(() -> readAll(log, -1)));
        log.add(Tasks.run(() -> readAll(log, 2)));
        log.forEach(out::println);
        return log;
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
