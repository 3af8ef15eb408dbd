package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.RecordingCancels;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancelling the future of a suspended rewritten call: delivered at its await, down the chain, never losing a value. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Cancelling");
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    @Test
    void cancellingASuspendedCallThrowsAtItsAwaitAndWaitsForFinallyBlocksThatAwait() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> cleanup = new CompletableFuture<>();
        CompletableFuture<Object> call = call("guarded", pending, cleanup);

        assertTrue(call.cancel(true));

        assertTrue(pending.isCancelled(), "the awaited future is cancelled too");
        assertEquals(List.of("caught cancellation", "cleanup started"), log());
        assertFalse(call.isDone(), "the call is done only once its finally block is");
        cleanup.complete("closed");
        assertTrue(call.isCancelled());
        assertEquals(List.of("caught cancellation", "cleanup started", "cleanup got closed"), log());
    }

    @Test
    void aCallThatCatchesTheCancellationCompletesNormallyWithItsOwnValue() {
        CompletableFuture<Object> call = call("swallowing", new CompletableFuture<String>());

        assertTrue(call.cancel(true));

        assertEquals("recovered", call.join());
        assertFalse(call.isCancelled());
    }

    @Test
    void cancellationTravelsDownTheChainAndCleanupRunsInnermostFirst() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = call("outer", pending);

        call.cancel(true);

        assertTrue(pending.isCancelled());
        assertEquals(List.of("inner finally", "middle finally", "outer finally"), log());
        CancellationException thrown = assertThrows(CancellationException.class, call::join);
        assertTrue(call.isCancelled(), String.valueOf(thrown));
    }

    @Test
    void aCancellationCaughtDownTheChainIsNotDeliveredAgainToTheCallers() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> next = new CompletableFuture<>();
        CompletableFuture<Object> call = call("afterCaughtBelow", pending, next);

        assertTrue(call.cancel(true));

        assertTrue(pending.isCancelled(), "the request went down to the innermost await");
        assertFalse(next.isCancelled(), "the callee caught it: the caller's next await runs normally");
        next.complete("next");
        assertEquals("middle recovered, then next", call.join());
    }

    @Test
    void aCancellationCaughtByACallThatAnotherReturnedIsNotDeliveredAgainToTheCallers() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> next = new CompletableFuture<>();
        CompletableFuture<Object> call = call("afterCaughtBelowARelay", first, pending, next);
        first.complete("a"); // the middle call returns the swallowing call's future: its frame ends as that one

        assertTrue(call.cancel(true));

        assertTrue(pending.isCancelled());
        assertFalse(next.isCancelled(), "the callee caught it: the caller's next await runs normally");
        next.complete("next");
        assertEquals("recovered, then next", call.join());
    }

    @Test
    void aCancellationCaughtInASpawnedTaskIsNotDeliveredAgainToTheCallerAwaitingIt() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> next = new CompletableFuture<>();
        CompletableFuture<Object> call = call("afterCaughtInASpawnedTask", pending, next);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // the task starts on a pool thread, and suspends on pending there
        }
        assertEquals(1, pending.getNumberOfDependents(), "the spawned call awaits pending");

        assertTrue(call.cancel(true));

        assertTrue(pending.isCancelled(), "the request went through the task to the call it runs");
        assertFalse(next.isCancelled(), "the task's call caught it: the caller's next await runs normally");
        next.complete("next");
        assertEquals("recovered, then next", call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCancellationThatCameAfterTheCalleesValueIsKeptForTheCallersNextAwait() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> next = new CompletableFuture<>();
        CompletableFuture<Object> call = Tasks.run(() -> {
            CompletableFuture<Object> started = call("afterCaughtBelow", pending, next);
            pending.complete("value"); // the chain's resumption is now queued on the loop
            assertTrue(started.cancel(false), "cancel arrives before the chain resumed");
            return started.handle((value, failure) -> started);
        });

        assertFalse(pending.isCancelled());
        assertTrue(next.isCancelled(), "the value came first: the request waits for the caller's next await");
        assertTrue(call.isCancelled());
    }

    @Test
    void aCallCancelledWhileRunningGetsTheRequestAtItsNextAwaitThatSuspends() {
        CompletableFuture<CompletableFuture<?>> self = new CompletableFuture<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<Object> call = call("cancelsItself", self, first, second);
        self.complete(call);

        first.complete("a");

        assertEquals(List.of("still running after cancel, got a"), log());
        assertTrue(second.isCancelled(), "the next awaited future is cancelled");
        assertTrue(call.isCancelled());
    }

    @Test
    void aCancellationHeldForTheNextAwaitStillMayInterrupt() {
        CompletableFuture<CompletableFuture<?>> self = new CompletableFuture<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        RecordingCancels<String> second = new RecordingCancels<>();
        CompletableFuture<Object> call = call("cancelsItself", self, first, second);
        self.complete(call);

        first.complete("a");

        assertEquals(List.of(true), second.requests, "cancel(true) reached the next await as cancel(true)");
        assertTrue(call.isCancelled());
    }

    @Test
    void aValueThatArrivedBeforeTheCancellationIsKeptAndTheNextAwaitIsCancelled() {
        AtomicInteger resource = new AtomicInteger();
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<Object> call = Tasks.run(() -> {
            CompletableFuture<AtomicInteger> opening = new CompletableFuture<>();
            CompletableFuture<Object> started = call("usesResource", opening, work);
            opening.complete(resource); // the resumption is now queued on the loop
            assertTrue(started.cancel(true), "cancel arrives before the call resumed");
            return started.handle((value, failure) -> started);
        });

        assertTrue(work.isCancelled());
        assertEquals(1, resource.get(), "the call got the resource and closed it");
        assertTrue(call.isCancelled());
    }

    @Test
    void cancellingACallThatReturnedAPendingStageAfterSuspendingCancelsThatStage() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> tail = new CompletableFuture<>();
        CompletableFuture<Object> call = call("relays", first, tail);
        first.complete("a");
        assertFalse(call.isDone(), "the call ends as the stage it returned");

        assertTrue(call.cancel(true));

        assertTrue(tail.isCancelled(), "the returned stage is cancelled");
        assertTrue(call.isCancelled());
        assertEquals(List.of("got a"), log());
    }

    @Test
    void aCallReturnedAfterSuspendingIsCancelledDownToItsAwait() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = call("relaysACall", first, pending);
        first.complete("a");

        assertTrue(call.cancel(false));

        assertTrue(pending.isCancelled());
        assertEquals(List.of("inner finally"), log());
        assertThrows(CancellationException.class, call::join);
    }

    @Test
    void aCancellationHeldForTheNextAwaitReachesAStageReturnedInstead() {
        CompletableFuture<CompletableFuture<?>> self = new CompletableFuture<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> tail = new CompletableFuture<>();
        CompletableFuture<Object> call = call("cancelsItselfThenRelays", self, first, tail);
        self.complete(call);

        first.complete("a");

        assertTrue(tail.isCancelled(), "the request held for the next await went to the returned stage");
        assertTrue(call.isCancelled());
    }

    @Test
    void aStageReturnedAfterSuspendingGivesTheCallItsValueOrItsOriginalFailure() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> tail = new CompletableFuture<>();
        CompletableFuture<Object> succeeding = call("relays", first, tail);
        first.complete("a");
        tail.complete("b");
        assertEquals("b", succeeding.join());

        CompletableFuture<String> firstOfFailing = new CompletableFuture<>();
        CompletableFuture<String> failingTail = new CompletableFuture<>();
        CompletableFuture<Object> failing = call("relays", firstOfFailing, failingTail);
        firstOfFailing.complete("c");
        IllegalStateException failure = new IllegalStateException("x");
        failingTail.completeExceptionally(failure);
        assertEquals(failure, failing.handle((value, thrown) -> thrown).join(), "the original exception, unwrapped");
        assertEquals(List.of("got a", "got c"), log());
    }

    @Test
    void cancellingACompletedCallReturnsFalseAndChangesNothing() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = call("swallowing", pending);
        pending.complete("value");

        assertFalse(call.cancel(true));
        assertEquals("value", call.join());
    }

    /**
     * Three threads race over many calls: one hands each call its resource, one cancels the calls, one completes
     * their work. Whoever wins, every resource a call received is closed exactly once and every call ends.
     */
    @Test
    void cancellationRacingCompletionNeverLosesAResourceNorACall() throws Exception {
        int calls = 2000;
        List<CompletableFuture<AtomicInteger>> openings = futures(calls);
        List<CompletableFuture<String>> works = futures(calls);
        AtomicInteger[] resources = new AtomicInteger[calls];
        AtomicReferenceArray<Boolean> handed = new AtomicReferenceArray<>(calls);
        CompletableFuture<?>[] started = new CompletableFuture<?>[calls];
        for (int i = 0; i < calls; i++) {
            resources[i] = new AtomicInteger();
            started[i] = call("usesResource", openings.get(i), works.get(i));
        }
        CountDownLatch go = new CountDownLatch(1);
        Thread opener = racer(go, i -> handed.set(i, openings.get(i).complete(resources[i])), calls);
        Thread canceller = racer(go, i -> started[i].cancel(true), calls);
        Thread worker = racer(go, i -> works.get(i).complete("done"), calls);
        go.countDown();
        for (Thread racer : List.of(opener, canceller, worker)) {
            racer.join();
        }

        int finished = 0;
        int cancelled = 0;
        for (int i = 0; i < calls; i++) {
            String outcome = outcome(started[i]);
            assertEquals(handed.get(i) ? 1 : 0, resources[i].get(), "closes of resource " + i);
            if (outcome.equals("done")) {
                assertTrue(handed.get(i), "call " + i + " finished without its resource");
                finished++;
            } else {
                assertEquals("cancelled", outcome, "call " + i);
                cancelled++;
            }
        }
        assertEquals(calls, finished + cancelled);
        System.out.println("cancellation race: " + finished + " calls finished, " + cancelled + " cancelled");
    }

    private static String outcome(CompletableFuture<?> call) throws Exception {
        try {
            return String.valueOf(call.get(10, TimeUnit.SECONDS));
        } catch (CancellationException e) {
            return "cancelled";
        } catch (ExecutionException e) {
            return "failed " + e.getCause();
        }
    }

    private static Thread racer(CountDownLatch go, java.util.function.IntConsumer action, int count) {
        Thread thread = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < count; i++) {
                action.accept(i);
            }
        });
        thread.start();
        return thread;
    }

    private static <T> List<CompletableFuture<T>> futures(int count) {
        List<CompletableFuture<T>> list = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new CompletableFuture<>());
        }
        return list;
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return fixture.call(fixture.rewritten(), method, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        return (List<String>) Fixtures.staticField(fixture, "fx.Cancelling", "LOG");
    }
}
