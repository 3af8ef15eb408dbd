package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jawait.Tasks;
import dev.jawait.ThreadContext;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
     * A carrier that throws while installing a call's state on the resuming thread fails the call (it would stay
     * suspended for ever), and every carrier it reached is put back; a blocking task fails the same way. A checked
     * exception (thrown sneakily, as a lambda of another language can) too.
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
     * cleared for that step, so that the blocks see neither the call's state nor the resuming thread's own.
     */
    @Test
    void aCallWhoseStateCannotBeInstalledRunsItsBlocksWithEveryCarrierCleared() throws Exception {
        @SuppressWarnings("unchecked")
        ThreadLocal<String> mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
        @SuppressWarnings("unchecked")
        List<String> cleanup = (List<String>) Fixtures.staticField(fixture, "fx.Contexts", "CLEANUP");
        cleanup.clear();
        UncheckedIOException refused = new UncheckedIOException(new IOException("cannot install"));
        Runnable stopMdc = ThreadContext.carry(mdc::get, value -> {
            if ("poison".equals(value)) {
                throw refused;
            }
            mdc.set(value);
        });
        try {
            mdc.set("poison");
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = call("cleansUp", gate);
            mdc.set("the thread's own MDC");

            gate.complete("go"); // the call resumes here, on this thread

            assertSame(refused, call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS));
            assertEquals(List.of("caught java.io.IOException: cannot install, MDC null", "finally, MDC null"), cleanup);
            assertEquals("the thread's own MDC", mdc.get(), "the thread's own state was put back after the step");
        } finally {
            mdc.remove();
            stopMdc.run();
        }
    }

    /**
     * As above, with a carrier that cannot be cleared either: the call fails with the first failure, the second
     * suppressed in it, without running its blocks, and the thread's own state is put back.
     */
    @Test
    void aCallWhoseCarriersCannotBeClearedEitherFailsWithTheFirstFailure() throws Exception {
        @SuppressWarnings("unchecked")
        ThreadLocal<String> mdc = (ThreadLocal<String>) Fixtures.staticField(fixture, "fx.Contexts", "MDC");
        @SuppressWarnings("unchecked")
        List<String> cleanup = (List<String>) Fixtures.staticField(fixture, "fx.Contexts", "CLEANUP");
        cleanup.clear();
        Runnable stopMdc = ThreadContext.carry(mdc::get, value -> {
            if (!"the thread's own MDC".equals(value)) {
                throw new IllegalStateException("cannot install " + value);
            }
            mdc.set(value);
        });
        try {
            mdc.set("the call's");
            CompletableFuture<String> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = call("cleansUp", gate);
            mdc.set("the thread's own MDC");

            gate.complete("go");

            Throwable failed = call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS);
            assertEquals("cannot install the call's", failed.getMessage());
            assertEquals(1, failed.getSuppressed().length);
            assertEquals("cannot install null", failed.getSuppressed()[0].getMessage());
            assertEquals(List.of(), cleanup);
            assertEquals("the thread's own MDC", mdc.get());
        } finally {
            mdc.remove();
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
