package dev.jawait.runtime;

import dev.jawait.internal.SpawnedTask;
import dev.jawait.testing.AsyncFixture;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM without debug mode, so that what the runtime logs on its own is all there is: drops failed
 * futures, retrieves others in every way, and collects garbage. The test reads the log.
 */
public final class UnretrievedFailureScenario {
    private UnretrievedFailureScenario() {
    }

    public static void main(String[] args) throws Exception {
        String source = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        AsyncFixture fixture = AsyncFixture.clean("fx.Unretrieved", source, 11);
        Class<?> type = fixture.rewritten().loadClass("fx.Unretrieved");

        waitFor(fixture.call(fixture.rewritten(), "failsAfterASuspension", "dropped after a suspension"));
        waitFor(fixture.call(fixture.rewritten(), "failsAtOnce", "dropped before any suspension"));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Object> relayed = fixture.call(fixture.rewritten(), "relays", gate,
                "dropped after passing an await");
        gate.complete(null);
        waitFor(relayed);
        relayed = null;
        Method handler = type.getMethod("handlerDropping", String.class);
        handler.invoke(null, "dropped by a plain handler");
        System.out.println("spawner: " + fixture.call(fixture.rewritten(), "spawnsAndForgets",
                "a spawned task nobody awaited").get(5, TimeUnit.SECONDS));

        System.out.println("loop spawner: " + dev.jawait.Tasks.run(() -> fixture.call(fixture.rewritten(),
                "spawnsOnItsLoopAndForgets", "a task spawned on a loop nobody awaited")));

        System.out.println("awaited: " + fixture.call(fixture.rewritten(), "awaitsIt", "read by an await")
                .get(5, TimeUnit.SECONDS));
        CompletableFuture<Object> joined = fixture.call(fixture.rewritten(), "failsAfterASuspension", "read by join");
        try {
            joined.join();
        } catch (RuntimeException expected) {
            System.out.println("joined: " + expected.getCause().getMessage());
        }
        CompletableFuture<Object> registered = fixture.call(fixture.rewritten(), "failsAfterASuspension",
                "read by a callback");
        registered.whenComplete((value, failure) -> System.out.println("callback: " + failure.getMessage()));
        waitFor(registered);
        System.out.println("fast path: " + fixture.call(fixture.rewritten(), "awaitsAFailedCall",
                "read by a fast-path await").get(5, TimeUnit.SECONDS));
        CompletableFuture<Object> lateJoin = fixture.call(fixture.rewritten(), "failsAtOnce", "read by a late join");
        try {
            lateJoin.join();
        } catch (RuntimeException expected) {
            System.out.println("late join: " + expected.getCause().getMessage());
        }
        lateJoin = null;
        CompletableFuture<Object> lateReader = fixture.call(fixture.rewritten(), "failsAtOnce", "read late");
        System.out.println("late: " + lateReader.handle((value, failure) -> failure.getMessage()).join());
        joined = null;
        registered = null;
        lateReader = null;
        readThroughTheJdksOwnStages(fixture);

        dropTaskGroups();
        CompletableFuture<Object> boundedForever = new CompletableFuture<>();
        dev.jawait.Tasks.withTimeout(boundedForever, java.time.temporal.ChronoUnit.FOREVER.getDuration());
        boundedForever.completeExceptionally(new IllegalStateException("dropped behind a timeout of forever"));
        raceReadersAgainstFailures(Integer.parseInt(args[1]));
        Thread.sleep(200); // lets the dropped calls' sleeps end, so that they fail
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.println("END");
    }

    /** Failures read through stages the JDK builds without calling a method of the future it reads. */
    private static void readThroughTheJdksOwnStages(AsyncFixture fixture) throws Exception {
        // Each fails once its gate opens, after the JDK's stage has registered on it.
        CompletableFuture<Void> allGate = new CompletableFuture<>();
        CompletableFuture<Object> all = fixture.call(fixture.rewritten(), "relays", allGate, "read by allOf");
        CompletableFuture<String> allRead = CompletableFuture.allOf(all).handle((v, e) -> e.getCause().getMessage());
        allGate.complete(null);
        System.out.println("allOf: " + allRead.get(5, TimeUnit.SECONDS));
        CompletableFuture<Void> anyGate = new CompletableFuture<>();
        CompletableFuture<Object> any = fixture.call(fixture.rewritten(), "relays", anyGate, "read by anyOf");
        CompletableFuture<String> anyRead = CompletableFuture.anyOf(any).handle((v, e) -> e.getCause().getMessage());
        anyGate.complete(null);
        System.out.println("anyOf: " + anyRead.get(5, TimeUnit.SECONDS));
        CompletableFuture<Object> minimal = fixture.call(fixture.rewritten(), "failsAtOnce", "read by a minimal stage");
        System.out.println("minimal: " + minimal.minimalCompletionStage().toCompletableFuture()
                .handle((v, e) -> e.getCause().getMessage()).get(5, TimeUnit.SECONDS));
    }

    /** A group never joined whose task failed is dropped; another is joined only after its task failed. */
    private static void dropTaskGroups() throws Exception {
        dev.jawait.TaskGroup dropped = new dev.jawait.TaskGroup();
        waitFor(dropped.spawn(() -> CompletableFuture.failedFuture(
                new IllegalStateException("a TaskGroup nobody joined"))));
        dev.jawait.TaskGroup readThroughTheTask = new dev.jawait.TaskGroup();
        CompletableFuture<Object> task = readThroughTheTask.spawn(() -> CompletableFuture.failedFuture(
                new IllegalStateException("read from the task of a group nobody joined")));
        System.out.println("task of an unjoined group: " + task.handle((value, failure) -> failure.getMessage())
                .get(5, TimeUnit.SECONDS));
        // The first failure cannot carry others (suppression disabled): the later one stays its task's to report.
        dev.jawait.TaskGroup cannotCarry = new dev.jawait.TaskGroup();
        CompletableFuture<Object> stubborn = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false; // goes on when the group cancels it, and fails after the first failure
            }
        };
        CompletableFuture<Void> stubbornStarted = new CompletableFuture<>();
        cannotCarry.spawn(() -> {
            stubbornStarted.complete(null);
            return stubborn;
        });
        stubbornStarted.get(5, TimeUnit.SECONDS); // started: the group's cancel goes to the stage, which refuses it
        waitFor(cannotCarry.spawn(() -> CompletableFuture.failedFuture(new CannotCarry("carries nothing"))));
        stubborn.completeExceptionally(new IllegalStateException("a failure the first could not carry"));
        System.out.println("group that cannot carry: " + cannotCarry.join().handle((value, failure) ->
                dev.jawait.internal.Failures.unwrap(failure).getMessage()).get(5, TimeUnit.SECONDS));
        dev.jawait.TaskGroup joinedLate = new dev.jawait.TaskGroup();
        waitFor(joinedLate.spawn(() -> CompletableFuture.failedFuture(
                new IllegalStateException("read by a TaskGroup's late join"))));
        System.out.println("group joined late: " + joinedLate.join().handle((value, failure) -> failure.getMessage())
                .get(5, TimeUnit.SECONDS));
    }

    /** An exception with suppression disabled, as stackless preallocated ones often are. */
    static final class CannotCarry extends RuntimeException {
        CannotCarry(String message) {
            super(message, null, false, false);
        }
    }

    /** Each task fails while another thread registers on it: the failure is always read, never logged. */
    private static void raceReadersAgainstFailures(int rounds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        int read = 0;
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<String> stage = new CompletableFuture<>();
            SpawnedTask<String> task = new SpawnedTask<>(() -> stage);
            task.run();
            CompletableFuture<Boolean> seen = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                await(start);
                task.whenComplete((value, failure) -> seen.complete(failure != null));
            });
            reader.start();
            await(start);
            stage.completeExceptionally(new IllegalStateException("raced " + i));
            reader.join();
            if (seen.get(5, TimeUnit.SECONDS)) {
                read++;
            }
        }
        System.out.println("raced: " + read + " of " + rounds + " failures read");
    }

    private static void waitFor(CompletableFuture<?> future) throws InterruptedException {
        while (!future.isDone()) {
            Thread.sleep(2);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
