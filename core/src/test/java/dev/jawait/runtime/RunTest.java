package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.EventLoop;
import dev.jawait.internal.Failures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tasks.run}: results, exceptions, nesting, and which loop is current. */
// A broken loop tends to hang rather than fail; a separate thread lets the timeout end the test anyway.
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunTest {
    @Test
    void runReturnsTheValueOfTheStageMainReturns() {
        String value = Tasks.run(() -> CompletableFuture.completedFuture("done"));

        assertEquals("done", value);
    }

    @Test
    void runWaitsForAStageThatAnotherThreadCompletesLater() {
        String value = Tasks.run(() -> {
            CompletableFuture<String> later = new CompletableFuture<>();
            new Thread(() -> {
                sleepQuietly(50);
                later.complete("from another thread");
            }).start();
            return later;
        });

        assertEquals("from another thread", value);
    }

    @Test
    void runRethrowsTheOriginalCheckedExceptionOfTheStage() {
        CheckedFailure failure = new CheckedFailure("expected by the test");

        CheckedFailure thrown = assertThrows(CheckedFailure.class,
                () -> Tasks.run(() -> Tasks.sleep(10).thenApply(done -> {
                    throw Failures.sneakyThrow(failure);
                })));

        assertSame(failure, thrown);
    }

    @Test
    void runRethrowsWhatMainItselfThrows() {
        IllegalArgumentException failure = new IllegalArgumentException("expected by the test");

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Tasks.run(() -> {
            throw failure;
        }));

        assertSame(failure, thrown);
    }

    @Test
    void mainReturningNullIsReportedAsANullPointerException() {
        assertThrows(NullPointerException.class, () -> Tasks.run(() -> null));
    }

    @Test
    void runCalledFromInsideARunningLoopIsRefused() {
        IllegalStateException refused = Tasks.run(() -> {
            try {
                Tasks.run(() -> CompletableFuture.completedFuture("nested"));
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture(e);
            }
        });

        assertNotNull(refused, "the nested run was not refused");
        assertTrue(refused.getMessage().startsWith("Tasks.run cannot be called from inside a running event loop"),
                refused.getMessage());
    }

    @Test
    void theLoopIsCurrentDuringMainAndItsTasksAndNowhereElse() throws Exception {
        AtomicReference<EventLoop> duringMain = new AtomicReference<>();
        AtomicReference<EventLoop> duringTask = new AtomicReference<>();
        AtomicReference<EventLoop> onOtherThread = new AtomicReference<>(EventLoop.current());
        assertNull(EventLoop.current());

        Tasks.run(() -> {
            duringMain.set(EventLoop.current());
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread other = new Thread(() -> {
                onOtherThread.set(EventLoop.current());
                duringMain.get().execute(() -> {
                    duringTask.set(EventLoop.current());
                    done.complete(null);
                });
            });
            other.start();
            return done;
        });

        assertNotNull(duringMain.get());
        assertSame(duringMain.get(), duringTask.get());
        assertNull(onOtherThread.get());
        assertNull(EventLoop.current());
        assertTrue(duringMain.get().isClosed());
    }

    @Test
    void anInterruptWhileTheLoopWaitsEndsRunWithInterruptedException() {
        assertThrows(InterruptedException.class, () -> Tasks.run(() -> {
            Thread.currentThread().interrupt();
            return new CompletableFuture<>();
        }));
        assertFalse(Thread.interrupted(), "the interrupt should have been consumed by the exception");
        assertNull(EventLoop.current());
    }

    /** A loop that always has work, or virtual time to jump to, never parks; an interrupt still ends it. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void anInterruptEndsALoopThatNeverWaits(boolean virtualTime) throws Exception {
        Thread runner = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            sleepQuietly(100);
            runner.interrupt();
        });
        interrupter.start();
        java.util.function.Supplier<CompletableFuture<Object>> busy = () -> {
            tick(virtualTime ? 1000 : 0); // a zero sleep always has work ready; virtual time always jumps
            return new CompletableFuture<>();
        };

        assertThrows(InterruptedException.class, () -> {
            if (virtualTime) {
                Tasks.runWithVirtualTime(busy);
            } else {
                Tasks.run(busy);
            }
        });
        interrupter.join();
        assertFalse(Thread.interrupted());
    }

    private static void tick(long millis) {
        Tasks.sleep(millis).thenRun(() -> tick(millis));
    }

    @Test
    void runCanBeCalledAgainOnTheSameThreadAfterItReturned() {
        EventLoop first = Tasks.run(() -> CompletableFuture.completedFuture(EventLoop.current()));
        EventLoop second = Tasks.run(() -> CompletableFuture.completedFuture(EventLoop.current()));

        assertTrue(first.isClosed());
        assertTrue(second.isClosed());
        assertFalse(first == second, "each run should get a fresh loop");
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
