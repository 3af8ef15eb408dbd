package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How {@code Tasks.run} ends, as {@code asyncio.run} does: pending tasks are cancelled and cleaned up on the loop. */
// A broken loop tends to hang rather than fail; a separate thread lets the timeout end the test anyway.
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunEndingTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("RunEnding");
    }

    /**
     * Callbacks still queued when main ends run as the loop closes; a task one of them spawns then is cancelled before
     * it starts, never run with nobody left to cancel it.
     */
    @Test
    void aTaskSpawnedWhileTheLoopClosesNeverStarts() {
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        List<java.util.concurrent.CompletableFuture<Object>> spawned = new ArrayList<>();

        Object value = Tasks.run(() -> {
            dev.jawait.internal.EventLoop loop = dev.jawait.internal.EventLoop.current();
            for (int i = 0; i < 5000; i++) { // more than a turn runs
                loop.execute(() -> { });
            }
            loop.execute(() -> spawned.add(Tasks.spawn(() -> {
                started.set(true);
                return new java.util.concurrent.CompletableFuture<>();
            })));
            return java.util.concurrent.CompletableFuture.completedFuture("main done");
        });

        assertEquals("main done", value);
        assertEquals(1, spawned.size());
        assertTrue(spawned.get(0).isCancelled(), "the late task is not cancelled");
        assertEquals(false, started.get(), "the late task started after the loop ended");
    }

    @Test
    void aPendingTaskIsCancelledAndItsAwaitingCleanupRunsOnTheLoopBeforeRunReturns() throws Exception {
        List<String> record = Collections.synchronizedList(new ArrayList<>());
        List<LogRecord> logged;
        try (CapturedLog log = new CapturedLog()) {
            Object value = Tasks.run(() -> fixture.call(fixture.rewritten(), "mainLeavingATicker", record));
            assertEquals("main done", value);
            logged = log.records();
        }

        List<String> atReturn = new ArrayList<>(record);
        assertEquals("cleanup on " + Thread.currentThread().getName(), atReturn.get(atReturn.size() - 1),
                "the cleanup should have run, on the loop (this) thread, before run returned: " + atReturn);
        assertTrue(atReturn.indexOf("main done") < atReturn.size() - 1, atReturn.toString());
        assertTrue(logged.isEmpty(), "a task ending cancelled is no failure to report: " + logged);
        Thread.sleep(200); // forty ticks' time: a task left running anywhere would tick again
        assertEquals(atReturn, new ArrayList<>(record), "the task ran again after run returned");
    }

    @Test
    void aTaskWhoseCleanupFailsIsLogged() {
        List<LogRecord> logged;
        try (CapturedLog log = new CapturedLog()) {
            assertEquals("main done", Tasks.run(() -> fixture.call(fixture.rewritten(), "mainLeavingAFailingCleanup")));
            logged = log.records();
        }

        assertEquals(1, logged.size(), logged.toString());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertEquals("cleanup failed, expected by the test", logged.get(0).getThrown().getMessage());
    }

    @Test
    void aCallThatIsNoTaskIsWokenByTheCancellationOfItsSleepOnTheLoopThread() throws Exception {
        List<String> record = Collections.synchronizedList(new ArrayList<>());

        Tasks.run(() -> fixture.call(fixture.rewritten(), "mainLeavingASleepingCall", record));

        assertEquals(List.of("sleep cancelled on " + Thread.currentThread().getName()), record);
    }

    @Test
    void aTaskSpawnedByACleanupIsCancelledInTurnAndCleanedUpToo() throws Exception {
        List<String> record = Collections.synchronizedList(new ArrayList<>());

        Tasks.run(() -> fixture.call(fixture.rewritten(), "mainLeavingATaskThatSpawnsInCleanup", record));

        assertEquals(List.of("first cleaned up", "late task started",
                "late task cleaned up on " + Thread.currentThread().getName()), record);
    }

    @Test
    void runWithVirtualTimeCleansUpTheSameWay() throws Exception {
        List<String> record = Collections.synchronizedList(new ArrayList<>());

        Tasks.runWithVirtualTime(() -> fixture.call(fixture.rewritten(), "mainLeavingATicker", record));

        // Virtual time: at 50 ms main's sleep, started first, wakes just before the ticker's tenth, in the same turn.
        List<String> expected = new ArrayList<>(Collections.nCopies(9, "tick"));
        expected.addAll(List.of("main done", "tick", "cleanup on " + Thread.currentThread().getName()));
        assertEquals(expected, record);
    }
}
