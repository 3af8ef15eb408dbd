package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncStackTrace;
import dev.jawait.fixtures.F;
import dev.jawait.testing.AsyncFixture;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What must hold at scale: constant stack, no retention, no allocation on the fast path, deep recursion. */
class ScaleTest {
    private static AsyncFixture fixture;
    private static Class<?> scale;

    @BeforeAll
    static void compile() throws Exception {
        fixture = AsyncFixture.clean("fx.Scale", FixtureSuiteTest.source("Scale"), 11);
        scale = fixture.rewritten().loadClass("fx.Scale");
    }

    private Object call(String method, Object... args) throws Exception {
        CompletableFuture<Object> result = F.pump(() -> fixture.call(fixture.rewritten(), method, args));
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aMillionSuspensionsInALoopKeepTheStackFlat() throws Exception {
        assertEquals(1_000_000L, call("loopThatSuspendsEveryTime", 1_000_000));
        int start = scale.getDeclaredField("depthAtStart").getInt(null);
        int end = scale.getDeclaredField("depthAtEnd").getInt(null);
        assertEquals(start, end, "stack depth at iteration 10 and at the last iteration");
    }

    @Test
    void awaitingACompletedFutureAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        call("loopOverCompletedFutures", 100_000); // warm up
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertEquals(1_000_000, call("loopOverCompletedFutures", 1_000_000));
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // One allocation per await would be at least 16 MB; the call itself needs a few objects.
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 1,000,000 awaits");
    }

    @Test
    void futuresAndValuesOfEarlierIterationsAreNotRetained() throws Exception {
        int alive = (Integer) call("awaitedFuturesAreNotRetained", 2_000);
        assertTrue(alive <= 4, alive + " of 4000 earlier futures and values still reachable");
    }

    @Test
    void aSuspendedCallDoesNotKeepDeadLocals() throws Exception {
        assertEquals(true, call("deadLocalsAreNotSaved"));
    }

    @Test
    void recursionFiftyThousandDeepUnwindsWithoutStackOverflowOnTheCompletingThread() throws Exception {
        CompletableFuture<Integer> innermost = new CompletableFuture<>();
        CompletableFuture<?> outermost = chainSuspendedOn(innermost, 50_000);
        // The completing thread has a small stack: resuming 50,000 callers must not nest.
        Object completed = onSmallStack(() -> innermost.complete(0));
        assertEquals(true, completed);
        assertEquals(50_000, outermost.get(60, TimeUnit.SECONDS));
    }

    @Test
    void cancellingAChainFiftyThousandDeepNeedsNoDeepStack() throws Exception {
        CompletableFuture<Integer> innermost = new CompletableFuture<>();
        CompletableFuture<?> outermost = chainSuspendedOn(innermost, 50_000);
        // The request goes down 50,000 calls, and they end one after another, on a thread with a small stack.
        Object cancelled = onSmallStack(() -> outermost.cancel(true));
        assertEquals(true, cancelled);
        assertTrue(innermost.isCancelled(), "the request reached the innermost call's await");
        assertThrows(CancellationException.class, () -> outermost.get(60, TimeUnit.SECONDS));
        assertTrue(outermost.isCancelled());
    }

    @Test
    void aFailureUnwindingFiftyThousandCallsKeepsTheInnermostAwaitsAndCountsTheRest() throws Exception {
        CompletableFuture<Integer> innermost = new CompletableFuture<>();
        CompletableFuture<?> outermost = chainSuspendedOn(innermost, 50_000);
        IllegalStateException failure = new IllegalStateException("down there");
        assertEquals(true, onSmallStack(() -> innermost.completeExceptionally(failure)));
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> outermost.get(60, TimeUnit.SECONDS));
        assertSame(failure, thrown.getCause());
        // 50,001 awaits passed (the innermost call's, then one per level): copying a growing trace at each of them
        // took minutes; the trace keeps the JVM's 1,024 and counts the others.
        AsyncStackTrace trace = AsyncStackTrace.of(failure);
        StackTraceElement[] awaits = trace.getStackTrace();
        assertEquals(AsyncStackTrace.MAX_AWAITS, awaits.length);
        assertEquals("awaited at (the innermost 1024 awaits; 48977 more omitted)", trace.getMessage());
        String source = FixtureSuiteTest.source("Scale");
        int innermostAwait = 1 + (int) source.substring(0, source.indexOf("await(innermost)")).chars()
                .filter(c -> c == '\n').count();
        assertEquals("recurse", awaits[0].getMethodName());
        assertEquals(innermostAwait, awaits[0].getLineNumber(), "the innermost await comes first");
        assertEquals(innermostAwait + 2, awaits[1].getLineNumber());
    }

    /** {@code depth} calls of {@code recurse}, each awaiting the next, the innermost awaiting {@code innermost}. */
    private static CompletableFuture<?> chainSuspendedOn(CompletableFuture<Integer> innermost, int depth)
            throws Exception {
        AtomicReference<Object> started = new AtomicReference<>();
        // Starting the calls recurses on the caller's stack like any recursion; give that thread room.
        Thread caller = new Thread(null, () -> {
            try {
                started.set(fixture.call(fixture.rewritten(), "recurse", depth, innermost));
            } catch (Throwable t) {
                started.set(t);
            }
        }, "deep-caller", 1L << 30);
        caller.start();
        caller.join();
        assertTrue(started.get() instanceof CompletableFuture, String.valueOf(started.get()));
        CompletableFuture<?> outermost = (CompletableFuture<?>) started.get();
        assertTrue(!outermost.isDone());
        return outermost;
    }

    /** What {@code action} returns, or what it threw, run on a thread with a 256 KB stack. */
    private static Object onSmallStack(Callable<?> action) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(action.call());
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        return outcome.get();
    }

    @Test
    void stackTracesAfterResumePointToTheSourceLine() throws Exception {
        String source = FixtureSuiteTest.source("Scale");
        int line = 1 + (int) source.substring(0, source.indexOf("// THROW LINE")).chars().filter(c -> c == '\n')
                .count();
        CompletableFuture<Object> result = F.pump(() -> fixture.call(fixture.rewritten(), "throwsAfterResume"));
        Throwable failure = result.handle((v, e) -> e).get();
        StackTraceElement top = failure.getStackTrace()[0];
        assertEquals("fx.Scale", top.getClassName());
        assertEquals("throwsAfterResume", top.getMethodName());
        assertEquals("Scale.java", top.getFileName());
        assertEquals(line, top.getLineNumber());
    }

    @Test
    void manyCallsResumedConcurrentlyOnOtherThreadsAllGetTheirOwnState() throws Exception {
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(fixture.call(fixture.rewritten(), "awaitsOnOtherThreads", 50));
        }
        for (CompletableFuture<Object> call : calls) {
            assertEquals(1225L, call.get(60, TimeUnit.SECONDS));
        }
    }
}
