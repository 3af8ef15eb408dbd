package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.TaskGroup;
import dev.jawait.Tasks;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TaskGroup}: joined with an await in try-with-resources; failures, cancellation and closing. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Groups");
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    @Test
    void joinCompletesOnceEveryTaskHasEnded() {
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) Tasks.run(() -> call("threeTasks"));

        // The tasks sleep 5, 10 and 15 ms, spawned in turn: on a loaded machine the turns may be further apart than
        // the sleeps, so only "joined" after all three is asserted, not their order.
        assertEquals(4, seen.size(), seen::toString);
        assertEquals(java.util.Set.of("task 1", "task 2", "task 3"), new java.util.HashSet<>(seen.subList(0, 3)));
        assertEquals("joined", seen.get(3));
    }

    @Test
    void theFirstFailureCancelsTheOthersAndIsThrownWithLaterFailuresSuppressedOnceAllHaveStopped() {
        CompletableFuture<String> never = new CompletableFuture<>();

        Object outcome = Tasks.run(() -> call("oneFails", never));

        assertEquals("failed", outcome);
        assertTrue(never.isCancelled());
        assertEquals(List.of("cleaned up", "caught first failure, suppressed "
                + "[java.lang.IllegalArgumentException: cleanup failed]"), log());
    }

    @Test
    void cancellingTheCallAwaitingJoinCancelsTheTasksAndResumesItOnlyAfterTheyStopped() {
        CompletableFuture<String> never = new CompletableFuture<>();

        CompletableFuture<Object> call = Tasks.run(() -> {
            CompletableFuture<Object> joining = call("joinsForever", never);
            return Tasks.sleep(2).thenCompose(later -> {
                joining.cancel(true);
                return joining.handle((value, failure) -> joining);
            });
        });

        assertTrue(call.isCancelled());
        assertEquals(List.of("cleaned up", "caller's finally"), log());
    }

    @Test
    void cancellingTheCallWhileAFailedBlockClosesResumesItOnlyAfterTheTasksStopped() {
        CompletableFuture<String> never = new CompletableFuture<>();

        Object outcome = Tasks.run(() -> {
            CompletableFuture<Object> closing = call("throwsWhileATaskCleansUp", never);
            // At 2 ms the block has thrown, and the close waits for the task's 5 ms of cleanup.
            return Tasks.sleep(2).thenCompose(later -> {
                closing.cancel(true);
                return closing.handle((value, failure) -> String.valueOf(Failures.unwrap(failure)));
            });
        });

        assertEquals(List.of("cleaned up", "caller's finally"), log(), "the call left the block before its task");
        assertEquals("java.lang.IllegalStateException: the block failed", outcome);
    }

    @Test
    void leavingTheBlockByAThrowBeforeJoinCancelsTheTasks() {
        CompletableFuture<String> never = new CompletableFuture<>();

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Tasks.run(() -> call("throwsBeforeJoin", never)));

        assertEquals("the block failed", thrown.getMessage());
        assertTrue(never.isCancelled());
    }

    @Test
    void aGroupThatHasJoinedTakesNoNewTask() throws Exception {
        TaskGroup group = new TaskGroup();
        group.spawn(() -> CompletableFuture.completedFuture("done"));
        group.join().get(5, TimeUnit.SECONDS);

        assertThrows(IllegalStateException.class, () -> group.spawn(() -> CompletableFuture.completedFuture("late")));
    }

    @Test
    void aTaskSpawnedWhileTheGroupIsCancellingNeverStarts() throws Exception {
        TaskGroup group = new TaskGroup();
        CompletableFuture<String> pending = new CompletableFuture<>();
        group.spawn(() -> pending);
        group.spawn(() -> CompletableFuture.failedFuture(new IllegalStateException("expected by the test")));
        assertThrows(CancellationException.class, () -> pending.get(5, TimeUnit.SECONDS));

        CompletableFuture<String> late = group.spawn(() -> {
            throw new AssertionError("a late task started");
        });

        assertTrue(late.isCancelled());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> group.join().get(5, TimeUnit.SECONDS));
        assertEquals("expected by the test", failed.getCause().getMessage());
    }

    /**
     * Many tasks completed by four threads, a quarter of them failing (by themselves, or when the group cancels them,
     * as a cleanup that throws would): join() ends only after every task has, and
     * reports exactly the failures its tasks ended with, the first as the exception and the others suppressed.
     */
    @Test
    void underContentionJoinWaitsForEveryTaskAndReportsEveryFailureOnce() throws Exception {
        long reported = 0;
        for (int round = 0; round < 20; round++) {
            int count = 400;
            List<CompletableFuture<Integer>> stages = new ArrayList<>();
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            TaskGroup group = new TaskGroup();
            CountDownLatch started = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                CompletableFuture<Integer> stage = i % 4 == 3 ? new FailsWhenCancelled() : new CompletableFuture<>();
                stages.add(stage);
                tasks.add(group.spawn(() -> {
                    started.countDown();
                    return stage;
                }));
            }
            CompletableFuture<Void> joined = group.join();
            assertTrue(started.await(5, TimeUnit.SECONDS), "every task started before the completers race");
            List<Thread> completers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                Thread completer = new Thread(() -> {
                    for (int i = offset; i < count; i += 4) {
                        if (i % 4 == 3) {
                            stages.get(i).completeExceptionally(new IllegalStateException("failure " + i));
                        } else {
                            stages.get(i).complete(i);
                        }
                    }
                });
                completer.start();
                completers.add(completer);
            }
            for (Thread completer : completers) {
                completer.join();
            }

            ExecutionException failed = assertThrows(ExecutionException.class, () -> joined.get(5, TimeUnit.SECONDS));
            for (CompletableFuture<Integer> task : tasks) {
                assertTrue(task.isDone(), "join ended before a task did");
            }
            // A task cancelled before its stage failed (or before it started) ended cancelled: not a failure.
            long failures = tasks.stream().filter(t -> t.isCompletedExceptionally() && !t.isCancelled()).count();
            long suppressedFailures = java.util.Arrays.stream(failed.getCause().getSuppressed())
                    .filter(s -> !(s instanceof dev.jawait.AsyncStackTrace)).count();
            assertEquals(failures, 1 + suppressedFailures, "failures reported");
            assertEquals(count / 4, failures, "every failing task fails, by itself or when cancelled");
            reported += failures;
        }
        System.out.println("task group race: " + reported + " failures reported over 20 rounds of 100 failing tasks, "
                + "the first of each round thrown and the others suppressed");
    }

    /**
     * A task fails with B, the group cancels another, whose cleanup fails with X, and the block, which awaited that
     * task, leaves by X: X holds B as suppressed, once, and B does not hold X (which would make each hold the other).
     */
    @Test
    void aTaskFailureTheBlockRethrowsIsNotSuppressedIntoTheFailureItHolds() {
        IllegalStateException first = new IllegalStateException("B: the first failure");
        IllegalStateException rethrown = new IllegalStateException("X: the cleanup of the cancelled task");
        List<Throwable> heldByRethrown = Tasks.run(() -> {
            TaskGroup group = new TaskGroup();
            CompletableFuture<String> failsWhenCancelled = new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterruptIfRunning) {
                    completeExceptionally(rethrown);
                    return false;
                }
            };
            group.spawn(() -> failsWhenCancelled);
            group.spawn(() -> CompletableFuture.failedFuture(first));
            return Tasks.sleep(1) // both tasks have ended: first failed, the other failed with X when cancelled
                    .thenCompose(ended -> group.closeAsync(rethrown)) // the block awaited that task, and threw X
                    .thenApply(closed -> List.of(rethrown.getSuppressed()));
        });

        assertEquals(List.of(first), heldByRethrown);
        assertEquals(0, first.getSuppressed().length, "B does not hold X, which holds B");
    }

    @Test
    void joinOfAnEmptyGroupCompletesAtOnceAndIsTheSameFutureEachTime() {
        TaskGroup group = new TaskGroup();

        CompletableFuture<Void> joined = group.join();

        assertTrue(joined.isDone());
        assertSame(joined, group.join());
    }

    /** A stage whose cancellation fails it instead, like work whose cleanup throws. */
    private static final class FailsWhenCancelled extends CompletableFuture<Integer> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return completeExceptionally(new IllegalStateException("failed while cancelled"));
        }
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return fixture.call(fixture.rewritten(), method, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        return (List<String>) Fixtures.staticField(fixture, "fx.Groups", "LOG");
    }
}
