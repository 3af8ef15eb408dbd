package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.Failures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Tasks.gather}: order of values, failures, and what it accepts. */
class GatherTest {
    @Test
    void valuesComeInArgumentOrderWhateverOrderOtherThreadsCompleteTheStagesIn() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> third = new CompletableFuture<>();

        CompletableFuture<List<String>> gathered = Tasks.gather(first, second, third);
        completeOnAnotherThread(third, "third");
        completeOnAnotherThread(first, "first");
        assertFalse(gathered.isDone(), "gather completed before its last stage");
        completeOnAnotherThread(second, "second");

        assertEquals(List.of("first", "second", "third"), gathered.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCollectionIsGatheredInIterationOrder() throws Exception {
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stages.add(new CompletableFuture<>());
        }
        CompletableFuture<List<Integer>> gathered = Tasks.gather(stages);
        for (int i = 99; i >= 0; i--) {
            stages.get(i).complete(i * 10);
        }

        List<Integer> values = gathered.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 10, values.get(i));
        }
    }

    @Test
    void aFailingStageFailsTheGatherWithItsOriginalCheckedException() {
        CompletableFuture<String> succeeds = new CompletableFuture<>();
        CompletableFuture<String> fails = new CompletableFuture<>();
        CheckedFailure failure = new CheckedFailure("expected by the test");

        CompletableFuture<List<String>> gathered = Tasks.gather(succeeds, fails);
        failOnAnotherThread(fails, failure);

        assertSame(failure, failureOf(gathered));
    }

    @Test
    void aStageThatFailsThroughADependentActionIsReportedWithoutTheCompletionExceptionWrapper() {
        CheckedFailure failure = new CheckedFailure("expected by the test");
        CompletableFuture<String> source = new CompletableFuture<>();
        // thenApply wraps what its action throws in a CompletionException.
        CompletableFuture<String> derived = source.thenApply(value -> {
            throw Failures.sneakyThrow(failure);
        });

        CompletableFuture<List<String>> gathered = Tasks.gather(derived, CompletableFuture.completedFuture("ok"));
        source.complete("go");

        assertSame(failure, failureOf(gathered));
    }

    @Test
    void theFirstFailureWinsAndDoesNotWaitForTheOtherStages() {
        CompletableFuture<String> failsLater = new CompletableFuture<>();
        CompletableFuture<String> failsFirst = new CompletableFuture<>();
        CompletableFuture<String> neverCompletes = new CompletableFuture<>();
        CheckedFailure first = new CheckedFailure("first");

        CompletableFuture<List<String>> gathered = Tasks.gather(failsLater, failsFirst, neverCompletes);
        failOnAnotherThread(failsFirst, first);
        failOnAnotherThread(failsLater, new CheckedFailure("second"));

        assertSame(first, failureOf(gathered));
    }

    @Test
    void gatherOutcomesTakesStagesAsArgumentsAndKeepsTheirOrder() {
        IllegalStateException failure = new IllegalStateException("expected by the test");
        CompletableFuture<String> failed = new CompletableFuture<>();
        failed.completeExceptionally(failure);

        List<dev.jawait.Outcome<String>> outcomes = Tasks.gatherOutcomes(
                CompletableFuture.completedFuture("first"), failed, CompletableFuture.completedFuture("third")).join();

        assertEquals(List.of(dev.jawait.Outcome.success("first"), dev.jawait.Outcome.failure(failure),
                dev.jawait.Outcome.success("third")), outcomes);
    }

    @Test
    void cancellingGatherOutcomesOfArgumentsCancelsTheStagesStillPending() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<List<dev.jawait.Outcome<String>>> gathered =
                Tasks.gatherOutcomes(CompletableFuture.completedFuture("done"), pending);

        gathered.cancel(true);

        assertTrue(pending.isCancelled());
        assertTrue(gathered.join().get(1).isCancelled());
    }

    @Test
    void gatheringNothingGivesACompletedEmptyList() {
        CompletableFuture<List<Object>> fromVarargs = Tasks.gather();
        CompletableFuture<List<Object>> fromCollection = Tasks.gather(List.<CompletionStage<Object>>of());

        assertTrue(fromVarargs.isDone());
        assertEquals(List.of(), fromVarargs.join());
        assertTrue(fromCollection.isDone());
        assertEquals(List.of(), fromCollection.join());
    }

    @Test
    void aNullStageIsRejectedAtCallTime() {
        CompletableFuture<String> fine = new CompletableFuture<>();
        Collection<CompletableFuture<String>> withNull = Arrays.asList(fine, null);

        assertThrows(NullPointerException.class, () -> Tasks.gather(fine, null));
        assertThrows(NullPointerException.class, () -> Tasks.gather(withNull));
    }

    @Test
    void theResultListIsUnmodifiableAndKeepsNullValues() {
        CompletableFuture<List<String>> gathered =
                Tasks.gather(CompletableFuture.completedFuture(null), CompletableFuture.completedFuture("x"));

        List<String> values = gathered.join();
        assertEquals(Arrays.asList(null, "x"), values);
        assertThrows(UnsupportedOperationException.class, () -> values.add("y"));
        assertThrows(UnsupportedOperationException.class, () -> values.set(0, "y"));
    }

    private static <T> void completeOnAnotherThread(CompletableFuture<T> future, T value) {
        runOnAnotherThread(() -> future.complete(value));
    }

    private static void failOnAnotherThread(CompletableFuture<?> future, Throwable failure) {
        runOnAnotherThread(() -> future.completeExceptionally(failure));
    }

    private static void runOnAnotherThread(Runnable action) {
        Thread thread = new Thread(action, "gather-test-completer");
        thread.start();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return future.handle((value, failure) -> failure).orTimeout(5, TimeUnit.SECONDS).join();
    }
}
