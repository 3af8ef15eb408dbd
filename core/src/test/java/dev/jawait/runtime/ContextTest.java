package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.ThreadContext;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code TaskLocal} values and {@code ThreadContext} carriers across awaits, threads and spawned tasks. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Contexts");
    }

    @Test
    void aTaskLocalValueFollowsACallAcrossAwaitsThatResumeOnOtherThreads() throws Exception {
        Object outcome = Tasks.spawn(() -> call("keepsItsName", "solo", 10)).get(5, TimeUnit.SECONDS);

        assertEquals("solo on other threads", outcome);
    }

    @Test
    void manyTasksInterleavingOnManyThreadsEachKeepTheirOwnValue() throws Exception {
        List<CompletableFuture<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "task " + i;
            tasks.add(Tasks.spawn(() -> call("keepsItsName", name, 10)));
        }

        for (int i = 0; i < 200; i++) {
            assertEquals("task " + i + " on other threads", tasks.get(i).get(10, TimeUnit.SECONDS));
        }
    }

    /** The thread that ran a loop keeps neither the loop nor the values of its tasks once it has returned. */
    @Test
    void aThreadKeepsNoTaskLocalValueOfATaskThatRanOnIt() throws InterruptedException {
        java.lang.ref.WeakReference<Object> held = runHolding();

        for (int i = 0; i < 50 && held.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertEquals(null, held.get(), "the value set by a task that has ended is still reachable");
    }

    private static java.lang.ref.WeakReference<Object> runHolding() {
        Object value = new byte[1 << 20];
        assertEquals("held", Tasks.run(() -> call("holds", value)));
        return new java.lang.ref.WeakReference<>(value);
    }

    @Test
    void aSpawnedTaskStartsWithACopyOfItsParentsValuesAndItsOwnSetsStayItsOwn() {
        Object seen = Tasks.run(() -> call("parentAndChild"));

        assertEquals(List.of("child starts with: parent", "child after await: child", "parent after child: parent"),
                seen);
    }

    @Test
    void aCallAwaitedDirectlySharesItsCallersTask() {
        assertEquals("caller sees callee", Tasks.run(() -> call("calleeSetsForCaller")));
    }

    @Test
    void aCarriedThreadLocalFollowsTheCallAndTheResumingThreadGetsItsOwnValueBack() throws Exception {
        @SuppressWarnings("unchecked")
        ThreadLocal<String> mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
        Runnable stopCarrying = ThreadContext.carry(mdc);
        try {
            mdc.set("request 7");
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = call("readsMdc", gate);
            CompletableFuture<String> completersOwn = new CompletableFuture<>();
            Thread completer = new Thread(() -> {
                mdc.set("completer's own");
                gate.complete("go"); // the call resumes here, on this thread
                completersOwn.complete(mdc.get());
            }, "completer");
            completer.start();

            assertEquals("request 7 -> request 7 on completer", call.get(5, TimeUnit.SECONDS));
            assertEquals("completer's own", completersOwn.get(5, TimeUnit.SECONDS), "put back after the step");
        } finally {
            mdc.remove();
            stopCarrying.run();
        }
    }

    /**
     * A carrier that throws while installing a call's state on the resuming thread fails the call, whose await
     * throws it (the call would otherwise stay suspended for ever), and every carrier it reached is put back; a
     * blocking task fails the same way. A checked exception (thrown sneakily, as a lambda of another language can)
     * too.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCarrierThatCannotInstallFailsTheCallAndLeavesTheThreadAsItWas(boolean checked) throws Exception {
        @SuppressWarnings("unchecked")
        ThreadLocal<String> mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
        ThreadLocal<String> first = new ThreadLocal<>();
        Exception refused = checked ? new IOException("cannot install") : new IllegalStateException("cannot install");
        Runnable stopFirst = ThreadContext.carry(first);
        Runnable stopMdc = ThreadContext.carry(mdc::get, value -> {
            mdc.set(value); // installs, then fails: it must be given the thread's own state back
            if ("poison".equals(value)) {
                throw Failures.sneakyThrow(refused);
            }
        });
        try {
            first.set("the call's");
            mdc.set("poison");
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = call("readsMdc", gate);
            first.set("the thread's own");
            mdc.set("the thread's own MDC");

            gate.complete("go"); // the call resumes here, on this thread

            assertSame(refused, call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS));
            assertEquals("the thread's own", first.get(), "the carrier installed before the failure was put back");
            assertEquals("the thread's own MDC", mdc.get(), "and so was the one that failed");

            mdc.set("poison");
            CompletableFuture<String> blocking = Tasks.toThread(() -> "ran");
            assertSame(refused, blocking.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS),
                    "a blocking task fails as well, instead of hanging");
        } finally {
            mdc.remove();
            first.remove();
            stopMdc.run();
            stopFirst.run();
        }
    }

    /**
     * A call whose carried state cannot be installed still runs its {@code catch} and {@code finally} blocks (they
     * release locks and close resources): its pending await throws the carrier's failure, with every carrier's state
     * cleared, the carrier that failed and the others, so that the blocks see neither the call's state nor the
     * resuming thread's own. A failure of the awaited future goes with the carrier's, suppressed.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallWhoseStateCannotBeInstalledRunsItsBlocksWithEveryCarrierCleared(boolean awaitedFails)
            throws Exception {
        ThreadLocal<String> refusing = new ThreadLocal<>();
        UncheckedIOException refused = new UncheckedIOException(new IOException("cannot install"));
        try (Carried carried = new Carried(refusing, value -> {
            if ("poison".equals(value)) {
                throw refused;
            }
        })) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = carried.callAsTheCall("cleansUp", gate);

            IllegalStateException awaitedFailure = new IllegalStateException("the awaited future failed");
            if (awaitedFails) {
                gate.completeExceptionally(awaitedFailure); // the call resumes here, on this thread
            } else {
                gate.complete("go");
            }

            assertSame(refused, call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS));
            assertEquals(List.of("caught java.io.IOException: cannot install, MDC null", "finally, MDC null"),
                    carried.cleanup);
            assertEquals(awaitedFails ? List.of(awaitedFailure) : List.of(), suppressedBesidesTheAsyncTrace(refused));
            assertEquals(Arrays.asList("poison", "the thread's own", null, "the thread's own"),
                    carried.installedByRefusing, "refused, given the thread's own back, cleared, put back");
            carried.assertTheThreadsOwnStateIsBack();
        }
    }

    /**
     * As above, with a cancel that came after the awaited future had completed, before the call resumed (on its
     * loop): the request did not end that await, so it stays pending, and the next await that suspends, the one in
     * the {@code finally} block, gets it, as it would have without the carrier's failure.
     */
    @Test
    void aCancelThatCameTooLateForTheAwaitStillReachesTheNextOne() {
        ThreadLocal<String> refusing = new ThreadLocal<>();
        try (Carried carried = new Carried(refusing, value -> {
            if ("poison".equals(value)) {
                throw new IllegalStateException("cannot install");
            }
        })) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<String> cleanupGate = new CompletableFuture<>();
            Throwable failed = Tasks.run(() -> {
                CompletableFuture<Object> call = carried.callAsTheCall("cleansUpWithAnAwait", gate, cleanupGate);
                gate.complete("go"); // the resumption is queued on the loop
                assertTrue(call.cancel(true)); // held: the awaited future has completed already
                return call.handle((value, failure) -> failure);
            });

            assertTrue(cleanupGate.isCancelled(), "the request reached the await in the finally block");
            assertInstanceOf(CancellationException.class, failed);
            assertEquals(List.of(), carried.cleanup);
        }
    }

    /**
     * As above, with a cancel that ended the awaited future before the call resumed: the carrier's failure, thrown
     * in the cancellation's place, delivers it (the cancellation goes with it, suppressed), so that an await in the
     * {@code finally} block is not cancelled; that block runs with the cleared state, which the call carries on.
     */
    @Test
    void aCancelThatEndedTheAwaitIsDeliveredByTheCarriersFailureNotByTheCleanupAwait() throws Exception {
        ThreadLocal<String> refusing = new ThreadLocal<>();
        IllegalStateException refused = new IllegalStateException("cannot install");
        try (Carried carried = new Carried(refusing, value -> {
            if ("poison".equals(value)) {
                throw refused;
            }
        })) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<String> cleanupGate = new CompletableFuture<>();
            CompletableFuture<Object> call = carried.callAsTheCall("cleansUpWithAnAwait", gate, cleanupGate);

            assertTrue(call.cancel(true)); // the call resumes here, on this thread, and suspends in its finally
            assertTrue(gate.isCancelled());
            assertFalse(cleanupGate.isDone(), "the cancellation was delivered at the first await, not passed on");
            cleanupGate.complete("done");

            assertSame(refused, call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS));
            List<Throwable> suppressed = suppressedBesidesTheAsyncTrace(refused);
            assertEquals(1, suppressed.size(), suppressed::toString);
            assertInstanceOf(CancellationException.class, suppressed.get(0));
            assertEquals(List.of("cleanup got done, MDC null"), carried.cleanup);
            carried.assertTheThreadsOwnStateIsBack();
        }
    }

    /**
     * As above, with a carrier that cannot be cleared either: the call fails with the first failure, the second
     * suppressed in it (unless it is the same exception), without running its blocks, and the thread's own state is
     * put back.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallWhoseCarriersCannotBeClearedEitherFailsWithTheFirstFailure(boolean oneExceptionForAll)
            throws Exception {
        ThreadLocal<String> refusing = new ThreadLocal<>();
        IllegalStateException always = new IllegalStateException("cannot install");
        try (Carried carried = new Carried(refusing, value -> {
            if (!"the thread's own".equals(value)) {
                throw oneExceptionForAll ? always : new IllegalStateException("cannot install " + value);
            }
        })) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = carried.callAsTheCall("cleansUp", gate);

            gate.complete("go");

            Throwable failed = call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS);
            List<Throwable> suppressed = suppressedBesidesTheAsyncTrace(failed);
            if (oneExceptionForAll) {
                assertSame(always, failed);
                assertEquals(List.of(), suppressed);
            } else {
                assertEquals("cannot install poison", failed.getMessage());
                assertEquals(1, suppressed.size(), suppressed::toString);
                assertEquals("cannot install null", suppressed.get(0).getMessage());
            }
            assertEquals(List.of(), carried.cleanup);
            assertEquals(List.of("cleansUp"), Arrays.stream(dev.jawait.AsyncStackTrace.of(failed).getStackTrace())
                    .map(StackTraceElement::getMethodName).collect(Collectors.toList()),
                    "the await it failed at, though the body never ran to take the failure");
            carried.assertTheThreadsOwnStateIsBack();
        }
    }

    /** What {@code failure} has suppressed, but the async stack trace that an await records in it. */
    private static List<Throwable> suppressedBesidesTheAsyncTrace(Throwable failure) {
        List<Throwable> suppressed = new ArrayList<>(List.of(failure.getSuppressed()));
        suppressed.removeIf(dev.jawait.AsyncStackTrace.class::isInstance);
        return suppressed;
    }

    /**
     * Two carriers around a test: the fixture's MDC, which carries well, then {@code refusing}, which installs a
     * state as its {@code check} lets it. A call is made with the call's states ("the call's MDC", "poison"), then
     * the thread takes its own ("the thread's own MDC", "the thread's own").
     */
    private static final class Carried implements AutoCloseable {
        final ThreadLocal<String> mdc;
        final ThreadLocal<String> refusing;
        final List<String> cleanup;
        /** Every state {@code refusing}'s carrier was asked to install, in order. */
        final List<String> installedByRefusing = new ArrayList<>();
        private final Runnable stopMdc;
        private final Runnable stopRefusing;

        @SuppressWarnings("unchecked")
        Carried(ThreadLocal<String> refusing, java.util.function.Consumer<String> check) {
            this.mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
            this.refusing = refusing;
            this.cleanup = (List<String>) Fixtures.staticField(fixture, "fx.Contexts", "CLEANUP");
            cleanup.clear();
            stopMdc = ThreadContext.carry(mdc);
            stopRefusing = ThreadContext.carry(refusing::get, value -> {
                installedByRefusing.add(value);
                check.accept(value);
                refusing.set(value);
            });
        }

        CompletableFuture<Object> callAsTheCall(String method, Object... args) {
            mdc.set("the call's MDC");
            refusing.set("poison");
            CompletableFuture<Object> call = call(method, args);
            mdc.set("the thread's own MDC");
            refusing.set("the thread's own");
            return call;
        }

        void assertTheThreadsOwnStateIsBack() {
            assertEquals("the thread's own MDC", mdc.get());
            assertEquals("the thread's own", refusing.get());
        }

        @Override
        public void close() {
            mdc.remove();
            refusing.remove();
            stopRefusing.run();
            stopMdc.run();
        }
    }

    /**
     * A carrier that throws a checked exception while putting the resuming thread's own state back, after the body
     * returned: the call's outcome stands (its future completes with its value), the other carriers get their state
     * back, and the failure is logged, as one that throws a {@code RuntimeException} is.
     */
    @Test
    void aCarrierThatThrowsACheckedExceptionWhilePuttingBackLeavesTheCallsOutcome() throws Exception {
        @SuppressWarnings("unchecked")
        ThreadLocal<String> mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
        ThreadLocal<String> second = new ThreadLocal<>();
        Runnable stopMdc = ThreadContext.carry(mdc::get, value -> {
            mdc.set(value);
            if ("the thread's own MDC".equals(value)) {
                throw Failures.sneakyThrow(new IOException("cannot put back"));
            }
        });
        Runnable stopSecond = ThreadContext.carry(second);
        try {
            mdc.set("request 9");
            second.set("the call's");
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = call("readsMdc", gate);
            mdc.set("the thread's own MDC");
            second.set("the thread's own");

            gate.complete("go"); // the call resumes here, on this thread

            assertEquals("request 9 -> request 9 on " + Thread.currentThread().getName(),
                    call.get(5, TimeUnit.SECONDS));
            assertEquals("the thread's own", second.get(), "the carrier after the failing one was put back too");
        } finally {
            mdc.remove();
            second.remove();
            stopSecond.run();
            stopMdc.run();
        }
    }

    @Test
    void blockingCodeSeesTheTaskLocalValuesAndCarriedStateOfItsCaller() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        Runnable stopCarrying = ThreadContext.carry(local);
        dev.jawait.TaskLocal<String> user = new dev.jawait.TaskLocal<>("user");
        try {
            local.set("carried");
            user.set("ada");

            String seen = Tasks.toThread(() -> local.get() + ", " + user.get()).get(5, TimeUnit.SECONDS);

            assertEquals("carried, ada", seen);
        } finally {
            local.remove();
            user.remove();
            stopCarrying.run();
        }
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return fixture.call(fixture.rewritten(), method, args);
    }
}
