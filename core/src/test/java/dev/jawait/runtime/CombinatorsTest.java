package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Outcome;
import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tasks.spawn, any, asCompleted, gatherOutcomes, shield}, and cancelling a gather. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CombinatorsTest {
    @Test
    void aTaskSpawnedOnALoopStartsAtItsNextTurnOnTheLoopThread() {
        List<String> order = new ArrayList<>();
        Thread loopThread = Thread.currentThread();

        Tasks.run(() -> {
            CompletableFuture<String> spawned = Tasks.spawn(() -> {
                order.add(Thread.currentThread() == loopThread ? "task on the loop thread" : "task elsewhere");
                return CompletableFuture.completedFuture("value");
            });
            order.add("spawner went on");
            return spawned;
        });

        assertEquals(List.of("spawner went on", "task on the loop thread"), order);
    }

    @Test
    void aTaskSpawnedOutsideALoopStartsOnACommonPoolThread() throws Exception {
        CompletableFuture<String> spawned = Tasks.spawn(
                () -> CompletableFuture.completedFuture(Thread.currentThread().getName()));

        assertTrue(spawned.get(5, TimeUnit.SECONDS).contains("ForkJoinPool"), spawned.get());
    }

    @Test
    void aSpawnedTaskCancelledBeforeItStartedNeverStarts() {
        AtomicInteger starts = new AtomicInteger();

        CompletableFuture<Object> spawned = Tasks.run(() -> {
            CompletableFuture<Object> task = Tasks.spawn(() -> {
                starts.incrementAndGet();
                return new CompletableFuture<>();
            });
            assertTrue(task.cancel(true));
            assertTrue(task.isCancelled(), "cancelled at once");
            return Tasks.sleep(1).thenApply(turnsLater -> task);
        });

        assertEquals(0, starts.get());
        assertTrue(spawned.isCancelled());
    }

    @Test
    void aStartedTaskPassesTheCancellationToItsStage() {
        CompletableFuture<String> pending = new CompletableFuture<>();

        CompletableFuture<String> spawned = Tasks.run(() -> {
            CompletableFuture<String> task = Tasks.spawn(() -> pending);
            return Tasks.sleep(1).thenApply(started -> {
                task.cancel(true);
                return task;
            }).thenCompose(t -> t.handle((v, e) -> t));
        });

        assertTrue(pending.isCancelled());
        assertTrue(spawned.isCancelled());
    }

    /** Cancels spawned tasks while pool threads start them: each either never started or had its stage cancelled. */
    @Test
    void cancellingSpawnedTasksWhileTheyStartNeitherLosesNorLeaksOne() throws Exception {
        int tasks = 2000;
        List<CompletableFuture<String>> stages = new ArrayList<>();
        AtomicReferenceArray<CompletableFuture<String>> spawned = new AtomicReferenceArray<>(tasks);
        AtomicInteger starts = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            stages.add(new CompletableFuture<>());
        }
        Thread canceller = new Thread(() -> {
            for (int i = 0; i < tasks; i++) {
                CompletableFuture<String> task;
                while ((task = spawned.get(i)) == null) {
                    Thread.onSpinWait();
                }
                // Waits a little, more for some tasks than for others, so that the pool starts some of them first.
                long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(i % 50);
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
                task.cancel(true);
            }
        });
        canceller.start();
        for (int i = 0; i < tasks; i++) {
            CompletableFuture<String> stage = stages.get(i);
            spawned.set(i, Tasks.spawn(() -> {
                starts.incrementAndGet();
                return stage;
            }));
        }
        canceller.join();

        int startedThenCancelled = 0;
        for (int i = 0; i < tasks; i++) {
            CompletableFuture<String> task = spawned.get(i);
            assertThrows(CancellationException.class, () -> task.get(5, TimeUnit.SECONDS));
            if (stages.get(i).isCancelled()) {
                startedThenCancelled++;
            }
        }
        Thread.sleep(50); // a task dropped before it started must stay dropped when its pool turn comes
        assertEquals(startedThenCancelled, starts.get(), "every task that started had its stage cancelled");
        System.out.println("spawn race: " + starts.get() + " of " + tasks + " started before their cancel");
    }

    @Test
    void anyGivesTheFirstValueAndCancelsTheOthers() throws Exception {
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> fast = new CompletableFuture<>();

        CompletableFuture<String> first = Tasks.any(slow, fast);
        fast.complete("fast");

        assertEquals("fast", first.get(5, TimeUnit.SECONDS));
        assertTrue(slow.isCancelled());
    }

    @Test
    void anyGivesTheFirstFailureUnwrapped() {
        CheckedFailure failure = new CheckedFailure("expected by the test");
        CompletableFuture<String> failing = new CompletableFuture<>();

        CompletableFuture<String> first = Tasks.any(new CompletableFuture<String>(), failing);
        failing.completeExceptionally(failure);

        ExecutionException failed = assertThrows(ExecutionException.class, first::get);
        assertSame(failure, failed.getCause());
    }

    @Test
    void anyOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.any(List.<CompletableFuture<String>>of()));
    }

    @Test
    void manyThreadsRacingToCompleteAnyLeaveOneWinnerAndEveryOtherStageCancelled() throws Exception {
        for (int round = 0; round < 200; round++) {
            List<CompletableFuture<Integer>> stages = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stages.add(new CompletableFuture<>());
            }
            CompletableFuture<Integer> first = Tasks.any(stages);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int index = i;
                Thread racer = new Thread(() -> {
                    awaitQuietly(go);
                    stages.get(index).complete(index);
                });
                racer.start();
                racers.add(racer);
            }
            go.countDown();
            for (Thread racer : racers) {
                racer.join();
            }

            int winner = first.get(5, TimeUnit.SECONDS);
            assertFalse(stages.get(winner).isCancelled(), "the winner keeps its value");
            for (CompletableFuture<Integer> stage : stages) {
                assertTrue(stage.isDone());
            }
        }
    }

    @Test
    void asCompletedYieldsOutcomesInTheOrderStagesComplete() throws Exception {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        CheckedFailure failure = new CheckedFailure("expected by the test");

        List<CompletableFuture<String>> inOrder = Tasks.asCompleted(List.of(a, b, c));
        c.complete("c");
        a.completeExceptionally(failure);
        b.complete("b");

        assertEquals("c", inOrder.get(0).get());
        assertSame(failure, assertThrows(ExecutionException.class, inOrder.get(1)::get).getCause());
        assertEquals("b", inOrder.get(2).get());
    }

    @Test
    void asCompletedWithAZeroTimeoutOffALoopStillGivesTheStagesDoneAlready() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();

        List<CompletableFuture<String>> inOrder = Tasks.asCompleted(
                List.of(CompletableFuture.completedFuture("done"), pending), java.time.Duration.ZERO);

        // As asyncio's as_completed(timeout=0) yields what is done already: only what is not done times out.
        assertEquals("done", inOrder.get(0).get());
        assertTrue(assertThrows(ExecutionException.class, inOrder.get(1)::get).getCause()
                instanceof java.util.concurrent.TimeoutException);
        assertFalse(pending.isDone(), "the stage is not cancelled");
    }

    @Test
    void asCompletedGivesEveryValueOnceWhenManyThreadsCompleteTheStages() throws Exception {
        int count = 4000;
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stages.add(new CompletableFuture<>());
        }
        List<CompletableFuture<Integer>> inOrder = Tasks.asCompleted(stages);
        List<Thread> completers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread completer = new Thread(() -> {
                for (int i = offset; i < count; i += 4) {
                    stages.get(i).complete(i);
                }
            });
            completer.start();
            completers.add(completer);
        }
        for (Thread completer : completers) {
            completer.join();
        }

        Set<Integer> seen = new HashSet<>();
        for (CompletableFuture<Integer> next : inOrder) {
            assertTrue(seen.add(next.get(5, TimeUnit.SECONDS)));
        }
        assertEquals(count, seen.size());
    }

    @Test
    void gatherOutcomesReportsEveryValueAndFailureInsteadOfFailing() throws Exception {
        CheckedFailure failure = new CheckedFailure("expected by the test");
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        cancelled.cancel(true);

        List<Outcome<String>> outcomes = Tasks.gatherOutcomes(List.of(
                CompletableFuture.completedFuture("value"), CompletableFuture.<String>failedFuture(failure),
                cancelled)).get();

        assertEquals(Outcome.success("value"), outcomes.get(0));
        assertSame(failure, outcomes.get(1).failure());
        assertTrue(outcomes.get(2).isCancelled());
        assertSame(failure, assertThrows(CheckedFailure.class, outcomes.get(1)::value));
    }

    @Test
    void cancellingGatherOutcomesCancelsThePendingStagesAndStillReportsAll() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<List<Outcome<String>>> gathered = Tasks.gatherOutcomes(
                List.of(CompletableFuture.completedFuture("done"), pending));

        assertTrue(gathered.cancel(true));

        assertTrue(pending.isCancelled());
        List<Outcome<String>> outcomes = gathered.get();
        assertEquals(Outcome.success("done"), outcomes.get(0));
        assertTrue(outcomes.get(1).isCancelled());
    }

    @Test
    void cancellingAGatherCancelsEveryPendingStage() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<List<String>> gathered = Tasks.gather(first, second);

        gathered.cancel(true);

        assertTrue(first.isCancelled());
        assertTrue(second.isCancelled());
        assertTrue(gathered.isCancelled());
    }

    @Test
    void aShieldedStageGoesOnWhenTheCallAwaitingItIsCancelled() {
        AsyncFixture fixture = Fixtures.compile("Shielding");
        CompletableFuture<String> commit = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "commit", commit);

        call.cancel(true);

        assertTrue(call.isCancelled());
        assertFalse(commit.isDone(), "the shielded work was not cancelled");
    }

    @Test
    void aCancelledShieldIsNotLeftOnTheStageItShielded() {
        CompletableFuture<String> longLived = new CompletableFuture<>();
        for (int round = 0; round < 1_000; round++) {
            assertTrue(Tasks.shield(longLived).cancel(true));
        }

        assertTrue(longLived.getNumberOfDependents() < 10, () -> longLived.getNumberOfDependents() + " callbacks left");
        CompletableFuture<String> shielded = Tasks.shield(longLived);
        longLived.complete("committed");
        assertEquals("committed", shielded.join());
    }

    @Test
    void aMinimalStageIsShieldedToo() {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> shielded = Tasks.shield(source.minimalCompletionStage());
        source.complete("through");
        assertEquals("through", shielded.join());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
