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
