package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.BlockingPool;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tasks.toThread}: blocking code on other threads, bounded, interruptible by cancel. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ToThreadTest {
    @Test
    void theCallableRunsOnAnotherThreadAndItsValueCompletesTheFuture() throws Exception {
        CompletableFuture<Thread> ran = Tasks.toThread(Thread::currentThread);

        assertNotSame(Thread.currentThread(), ran.get(5, TimeUnit.SECONDS));
    }

    @Test
    void onAGivenExecutorTheCallableRunsThereWithTheCallersTaskLocals() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor(
                runnable -> new Thread(runnable, "given-executor"));
        dev.jawait.TaskLocal<String> requestId = new dev.jawait.TaskLocal<>("request-id");
        try {
            requestId.set("r-17");
            CompletableFuture<String> ran = Tasks.toThread(executor,
                    () -> Thread.currentThread().getName() + " sees " + requestId.get());

            assertEquals("given-executor sees r-17", ran.get(5, TimeUnit.SECONDS));
        } finally {
            requestId.set(null);
            executor.shutdownNow();
        }
    }

    @Test
    void onAGivenExecutorACallableCancelledBeforeItStartsNeverRuns() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            CompletableFuture<Void> blocker = Tasks.toThread(executor, () -> {
                release.await();
                return null;
            });
            CompletableFuture<Integer> queued = Tasks.toThread(executor, ran::incrementAndGet);

            assertTrue(queued.cancel(false));
            release.countDown();
            blocker.get(5, TimeUnit.SECONDS);
            executor.submit(() -> { }).get(5, TimeUnit.SECONDS); // the queued task has had its turn

            assertTrue(queued.isCancelled());
            assertEquals(0, ran.get());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void onAGivenExecutorCancelTrueInterruptsTheRunningCallable() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        try {
            CompletableFuture<String> result = Tasks.toThread(executor, () -> {
                running.countDown();
                try {
                    Thread.sleep(60_000);
                    interrupted.complete(false);
                } catch (InterruptedException e) {
                    interrupted.complete(true);
                }
                return "finished";
            });
            assertTrue(running.await(5, TimeUnit.SECONDS));

            assertTrue(result.cancel(true));

            assertTrue(result.isCancelled());
            assertTrue(interrupted.get(5, TimeUnit.SECONDS), "the callable's thread was not interrupted");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void whatTheCallableThrowsFailsTheFutureUnwrapped() {
        CheckedFailure failure = new CheckedFailure("expected by the test");

        CompletableFuture<String> result = Tasks.toThread(() -> {
            throw failure;
        });

        ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        assertSame(failure, failed.getCause());
    }

    @Test
    void aCallOnALoopResumesOnTheLoopThreadAfterTheBlockingWork() {
        AsyncFixture fixture = Fixtures.compile("Blocking");

        Object outcome = Tasks.run(() -> fixture.call(fixture.rewritten(), "readOffTheLoop"));

        assertEquals("other thread, then " + Thread.currentThread().getName(), outcome);
    }

    @Test
    void cancellingWhileTheCallableRunsInterruptsItsThread() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
        CompletableFuture<String> result = Tasks.toThread(() -> {
            running.countDown();
            try {
                Thread.sleep(10_000);
                return "not interrupted";
            } catch (InterruptedException e) {
                interrupted.complete(e);
                throw e;
            }
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));

        assertTrue(result.cancel(true));

        assertTrue(result.isCancelled(), "cancelled at once");
        assertInstanceOf(InterruptedException.class, interrupted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void manyBlockingCallsFromManyThreadsAllCompleteAndNoMoreRunAtOnceThanThePoolHasThreads() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<List<CompletableFuture<Integer>>> perCaller = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            List<CompletableFuture<Integer>> own = new ArrayList<>();
            perCaller.add(own);
            Thread caller = new Thread(() -> {
                for (int i = offset; i < 100; i += 4) {
                    int value = i;
                    own.add(Tasks.toThread(() -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.sleep(5);
                        running.decrementAndGet();
                        return value;
                    }));
                }
            });
            caller.start();
            callers.add(caller);
        }
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            callers.get(t).join(); // join() also makes the caller's list visible here
            results.addAll(perCaller.get(t));
        }

        int sum = 0;
        for (CompletableFuture<Integer> result : results) {
            sum += result.get(10, TimeUnit.SECONDS);
        }
        assertEquals(4950, sum);
        assertTrue(most.get() <= BlockingPool.maxThreads(), most + " ran at once");
        System.out.println("toThread: " + (BlockingPool.usesVirtualThreads() ? "virtual threads" : "pool of "
                + BlockingPool.maxThreads()) + ", at most " + most + " ran at once");
    }
}
