package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import dev.jawait.transform.internal.pass.InnerEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Recursion through awaits of direct calls goes as deep as the heap allows, not the stack: past {@link
 * InnerEntries#DEPTH_LIMIT} inner calls in a row, the next call is made later, once the chain of its callers has
 * registered, on a stack unwound that far. Each test loads the fixture afresh, so its first calls run interpreted:
 * the cold case, where a JVM frame per level would overflow a default stack long before 20,000 levels.
 */
class DeepRecursionTest {
    private static AsyncFixture fresh() {
        try {
            return AsyncFixture.clean("fx.Recursion", FixtureSuiteTest.source("Recursion"), 11);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code call} as the first thing on a new thread with the JVM's default stack size; fails if it hangs. */
    private static Object onDefaultStack(Supplier<Object> call) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(call.get());
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        thread.setDaemon(true); // a call that hangs must fail the test, not keep the JVM alive
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(thread.isAlive(), "the call hung");
        return outcome.get();
    }

    /**
     * Calls {@code method} with a pending gate before {@code more}, completes the gate with 1 on another thread, where
     * the call resumes off any loop, and returns the call's value; fails if it hangs.
     */
    private static Object resumedOnAnotherThread(AsyncFixture fixture, String method, Object... more)
            throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        Object[] arguments = new Object[more.length + 1];
        arguments[0] = gate;
        System.arraycopy(more, 0, arguments, 1, more.length);
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), method, arguments);
        Thread completer = new Thread(() -> gate.complete(1));
        completer.setDaemon(true); // if the resumption hangs, it must not keep the JVM alive
        completer.start();
        return call.get(20, TimeUnit.SECONDS);
    }

    private static Object value(Object outcome) throws Exception {
        assertTrue(outcome instanceof CompletableFuture, "returned a future: " + outcome);
        CompletableFuture<?> call = (CompletableFuture<?>) outcome;
        assertTrue(call.isDone(), "a recursion through completed futures is done when its top-level call returns");
        return call.get();
    }

    @Test
    void aColdRecursionGoesAHundredThousandLevelsOnTheDefaultStack() throws Exception {
        AsyncFixture fixture = fresh();
        Object outcome = onDefaultStack(() -> fixture.call(fixture.rewritten(), "countDown", 100_000));
        assertEquals(100_000, value(outcome));
    }

    @Test
    void noMoreThanTheLimitOfFramesOfTheMethodAreOnTheStackAtOnce() throws Exception {
        AsyncFixture fixture = fresh();
        assertEquals(11L, value(fixture.call(fixture.rewritten(), "framesPerLevel", 10)),
                "a shallow recursion runs one JVM frame per level, as it did");
        // 2,500 levels: the public entry and 999 inner calls, then a call made later does the same from level 1,500,
        // and the last from level 500. At the bottom, the stack holds the top-level call's public entry, whose
        // registration makes the calls made later, and the last one's public entry and 500 inner calls.
        int levels = 2 * InnerEntries.DEPTH_LIMIT + 500;
        assertEquals(1L + 501L, value(fixture.call(fixture.rewritten(), "framesPerLevel", levels)));
    }

    @Test
    void callsMadeLaterKeepPlainRecursionsOrder() throws Exception {
        AsyncFixture fixture = fresh();
        List<Integer> order = fixtureOrder(fixture);
        order.clear();
        assertEquals(3_501, value(fixture.call(fixture.rewritten(), "ordered", 3_500)));
        List<Integer> expected = new ArrayList<>();
        for (int n = 3_500; n >= 0; n--) {
            expected.add(n);
        }
        for (int n = 0; n <= 3_500; n++) {
            expected.add(-n - 1);
        }
        assertEquals(expected, order);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> fixtureOrder(AsyncFixture fixture) throws ReflectiveOperationException {
        return (List<Integer>) fixture.rewritten().loadClass("fx.Recursion").getField("ORDER").get(null);
    }

    @Test
    void aSuspendedDeepChainEndsWhenItsInnermostAwaitCompletesOnAnotherThread() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "gated", gate, 5_000);
        assertFalse(call.isDone());
        new Thread(() -> gate.complete(7)).start();
        assertEquals(5_007, call.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aCancelOfTheTopLevelCallReachesTheInnermostAwaitPastCallsMadeLater() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "gated", gate, 5_000);
        assertTrue(call.cancel(true));
        assertTrue(gate.isCancelled(), "the cancel went down the chains to the gate");
        RuntimeException failed = assertThrows(RuntimeException.class, call::join);
        assertTrue(Failures.unwrap(failed) instanceof CancellationException, String.valueOf(failed));
    }

    @Test
    void aFailureAtTheBottomReachesTheTopAsItself() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "failing", 4_000);
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertTrue(failed.getCause() instanceof IllegalStateException, String.valueOf(failed.getCause()));
        assertEquals("the bottom failed", failed.getCause().getMessage());
    }

    @Test
    void aCallMadeLaterGetsArgumentsOfEveryKindBack() throws Exception {
        AsyncFixture fixture = fresh();
        double expected = 10 + (1L << 40) + 0.5 + 1 + 'a' + 2 + 3 + 0.25f + 4;
        assertEquals(expected, value(fixture.call(fixture.rewritten(), "mixedFrom", 10L, 2_500)));
    }

    @Test
    void aCallMadeLaterGetsAVarargsArrayAsItself() throws Exception {
        AsyncFixture fixture = fresh();
        assertEquals("2:a", value(fixture.call(fixture.rewritten(), "objectsDeep", 2_500, new Object[] {"a", "b"})));
        assertEquals(3 + 7, value(fixture.call(fixture.rewritten(), "intsDeep", 2_500, new int[] {7, 8, 9})));
    }

    /**
     * A resumption off any loop runs on the completing thread's trampoline, which then queues further resumptions;
     * code it runs that reads a deep recursion synchronously must still find it done, not wait on its own queue.
     */
    @Test
    void aDeepRecursionReadSynchronouslyInsideAResumptionIsDone() throws Exception {
        assertEquals(5_001, resumedOnAnotherThread(fresh(), "deepAfterResuming", 5_000));
    }

    /**
     * The continuation of a deep recursion runs inside the run that made its calls later; a second deep recursion
     * read with {@code join()} there queues its own behind it, which the blocked thread must run itself.
     */
    @Test
    void aDeepRecursionReadSynchronouslyAfterAnotherIsDone() throws Exception {
        AsyncFixture fixture = fresh();
        Object outcome = onDefaultStack(() -> {
            CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "deepThenJoin", 5_000);
            return call.isDone() ? call.join() : "not done when the top-level call returned";
        });
        assertEquals(10_000, outcome);
    }

    /** As at level 500, a call woken at level 1,500 resumes at once, and a join() of it returns. */
    @Test
    void aCallWokenInsideACallMadeLaterResumesAtOnce() throws Exception {
        AsyncFixture fixture = fresh();
        for (int levels : new int[] {500, InnerEntries.DEPTH_LIMIT + 500}) {
            Object outcome = onDefaultStack(() -> fixture.call(fixture.rewritten(), "joinAtBottom", levels));
            assertEquals(2, value(outcome), levels + " levels");
        }
    }

    /** Plain code's rule, off any loop: a call woken by this thread has resumed when the waking call returns. */
    @Test
    void aCallWokenInsideAResumptionResumesAtOnce() throws Exception {
        assertEquals(3, resumedOnAnotherThread(fresh(), "joinAfterResuming"));
    }

    /** ... also when the join() comes from inside a call made later, which set the woken call's queue aside. */
    @Test
    void aCallWokenInsideAResumptionResumesWhenACallMadeLaterReadsIt() throws Exception {
        AsyncFixture fixture = fresh();
        for (int levels : new int[] {500, InnerEntries.DEPTH_LIMIT + 500}) {
            assertEquals(3, resumedOnAnotherThread(fixture, "wakeThenJoinDeep", levels), levels + " levels");
        }
    }

    /** ... and a get() there returns the value on an interrupted thread, as a get() of a done future does. */
    @Test
    void aCallWokenInsideAResumptionIsReadByGetOnAnInterruptedThread() throws Exception {
        assertEquals(3, resumedOnAnotherThread(fresh(), "getInterruptedAfterResuming"));
    }

    /** A call that a blocking wait runs may itself block on another such call, which must still be found queued. */
    @Test
    void aCallRunByABlockingWaitCanReadAnotherItWaitsOn() throws Exception {
        assertEquals(6, resumedOnAnotherThread(fresh(), "gatherOfCallsJoiningEachOther"));
    }

    /** A call run by a blocking wait is not a deep run: a deep call it makes is done when it returns. */
    @Test
    void aCallRunByABlockingWaitMakesItsDeepCallsAsItWouldHave() throws Exception {
        assertEquals(3, resumedOnAnotherThread(fresh(), "joinOfACallMakingADeepCall",
                InnerEntries.DEPTH_LIMIT + 500));
    }

    /** A call woken inside a resumption, read through jawait's combinators (a timeout, a gather), resumes too. */
    @Test
    void aCallWokenInsideAResumptionIsReadThroughATimeoutAndAGather() throws Exception {
        assertEquals(5, resumedOnAnotherThread(fresh(), "joinThroughCombinatorsAfterResuming"));
    }

    /** Inside a deep recursion's run, a call made later that completes what a read call waits on is made first. */
    @Test
    void aCallMadeLaterThatCompletesWhatAReadCallWaitsOnIsMadeBeforeBlocking() throws Exception {
        AsyncFixture fixture = fresh();
        for (int levels : new int[] {500, InnerEntries.DEPTH_LIMIT + 500}) {
            Object outcome = onDefaultStack(() -> fixture.call(fixture.rewritten(), "joinFilledByADeepCall", levels));
            assertEquals(levels + 2, value(outcome), levels + " levels");
        }
    }

    /** The callers' code after a deep recursion sees the same: at 500 levels, and past calls made later. */
    @Test
    void aCallWokenAfterADeepRecursionReturnedResumesAtOnce() throws Exception {
        AsyncFixture fixture = fresh();
        for (int levels : new int[] {500, InnerEntries.DEPTH_LIMIT + 500, 3 * InnerEntries.DEPTH_LIMIT}) {
            Object outcome = onDefaultStack(() -> fixture.call(fixture.rewritten(), "joinAfterDeep", levels));
            assertEquals(levels + 2, value(outcome), levels + " levels");
        }
    }

    @Test
    void onAnEventLoopCallsMadeLaterRunOnTheLoopThread() throws Exception {
        AsyncFixture fixture = fresh();
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        Object bottom = onDefaultStack(() -> Tasks.run(() -> {
            loopThread.set(Thread.currentThread());
            @SuppressWarnings("unchecked")
            CompletionStage<Object> deep = (CompletionStage<Object>) (CompletionStage<?>) fixture.call(
                    fixture.rewritten(), "threadAtBottom", 5_000);
            return deep;
        }));
        assertEquals(loopThread.get(), bottom);
    }

    @Test
    void onAnEventLoopCallsMadeLaterRunInTheTasksContext() throws Exception {
        AsyncFixture fixture = fresh();
        Class<?> type = fixture.rewritten().loadClass("fx.Recursion");
        @SuppressWarnings("unchecked")
        dev.jawait.TaskLocal<String> user = (dev.jawait.TaskLocal<String>) type.getField("USER").get(null);
        Object outcome = onDefaultStack(() -> Tasks.run(() -> {
            user.set("ada");
            @SuppressWarnings("unchecked")
            CompletionStage<Object> deep = (CompletionStage<Object>) (CompletionStage<?>) fixture.call(
                    fixture.rewritten(), "userAtBottom", 50_000);
            return deep;
        }));
        assertEquals("ada", outcome);
    }

    @Test
    void aCancelBeforeTheCallMadeLaterHasStartedIsDeliveredAtItsFirstAwait() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        Object outcome = onDefaultStack(() -> Tasks.run(() -> {
            CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "gated", gate, 5_000);
            assertTrue(call.cancel(true)); // its call made later waits in the loop's queue
            return call;
        }));
        assertTrue(outcome instanceof Throwable
                && Failures.unwrap((Throwable) outcome) instanceof CancellationException, String.valueOf(outcome));
        assertTrue(gate.isCancelled(), "the request went on down once the call was made");
    }
}
