package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rewritten await reads the awaited future's outcome once (issue 12, item 3): one read on the fast path, which finds
 * it done or not, and, if not, one when the call resumes. Counted on a subclass of {@code CompletableFuture} (as a
 * driver's future may be) that counts the ways of reading it that JDK 17 has: {@code getNow}, {@code join}, {@code
 * get}, {@code isDone}, {@code isCompletedExceptionally} and {@code isCancelled}. A subclass that fixes its type
 * parameter and overrides {@code getNow} cannot take the fast path's sentinel (javac's bridge method casts it): it is
 * awaited as any other, with more reads.
 */
class ReadOnceTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class ReadOnce {",
            "    @Async",
            "    public static CompletableFuture<String> awaitIt(CompletableFuture<String> awaited) {",
            "        String value;",
            "        try {",
            "            value = \"got \" + await(awaited);",
            "        } catch (IllegalArgumentException e) {",
            "            value = \"caught \" + e.getMessage();",
            "        }",
            "        return CompletableFuture.completedFuture(value);",
            "    }",
            "}");

    private static AsyncFixture fixture;

    @BeforeAll
    static void rewrite() {
        fixture = AsyncFixture.clean("fx.ReadOnce", SOURCE, 17);
    }

    /** Counts each call of a method that reads the outcome or asks whether there is one. */
    static class CountingFuture<T> extends CompletableFuture<T> {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public T getNow(T valueIfAbsent) {
            reads.incrementAndGet();
            return super.getNow(valueIfAbsent);
        }

        @Override
        public T join() {
            reads.incrementAndGet();
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            reads.incrementAndGet();
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException,
                java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            reads.incrementAndGet();
            return super.get(timeout, unit);
        }

        @Override
        public boolean isDone() {
            reads.incrementAndGet();
            return super.isDone();
        }

        @Override
        public boolean isCompletedExceptionally() {
            reads.incrementAndGet();
            return super.isCompletedExceptionally();
        }

        @Override
        public boolean isCancelled() {
            reads.incrementAndGet();
            return super.isCancelled();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    /** One that fixes its type: javac bridges {@code getNow(Object)} to it with a cast to {@code String}. */
    static final class StringFuture extends CountingFuture<String> {
        @Override
        public String getNow(String valueIfAbsent) {
            return super.getNow(valueIfAbsent);
        }
    }

    private static String call(CompletableFuture<String> awaited) throws Exception {
        return (String) fixture.call(fixture.rewritten(), "awaitIt", awaited).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDoneFutureIsReadOnce() throws Exception {
        CountingFuture<String> done = new CountingFuture<>();
        done.complete("value");

        assertEquals("got value", call(done));
        assertEquals(1, done.reads.get());
    }

    @Test
    void aFailedFutureIsReadOnce() throws Exception {
        CountingFuture<String> failed = new CountingFuture<>();
        failed.completeExceptionally(new IllegalArgumentException("bad"));

        assertEquals("caught bad", call(failed));
        assertEquals(1, failed.reads.get());
    }

    @Test
    void aPendingFutureIsReadOnceToFindItPendingAndOnceWhenTheCallResumes() throws Exception {
        CountingFuture<String> pending = new CountingFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", pending);
        assertFalse(call.isDone());
        assertEquals(1, pending.reads.get(), "read once before suspending");

        pending.complete("later");

        assertEquals("got later", call.get(10, TimeUnit.SECONDS));
        assertEquals(2, pending.reads.get(), "and once when the call resumes");
    }

    @Test
    void aPendingFutureThatFailsIsReadOnceWhenTheCallResumes() throws Exception {
        CountingFuture<String> pending = new CountingFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", pending);

        pending.completeExceptionally(new IllegalArgumentException("late"));

        assertEquals("caught late", call.get(10, TimeUnit.SECONDS));
        assertEquals(2, pending.reads.get());
    }

    @Test
    void aSubclassWhoseGetNowTakesOnlyItsTypeIsAwaitedDonePendingOrFailed() throws Exception {
        StringFuture done = new StringFuture();
        done.complete("value");
        assertEquals("got value", call(done));

        StringFuture failed = new StringFuture();
        failed.completeExceptionally(new IllegalArgumentException("bad"));
        assertEquals("caught bad", call(failed));

        StringFuture pending = new StringFuture();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", pending);
        assertFalse(call.isDone());
        pending.complete("later");
        assertEquals("got later", call.get(10, TimeUnit.SECONDS));

        StringFuture cancelled = new StringFuture();
        cancelled.cancel(false);
        CompletableFuture<Object> cancelledCall = fixture.call(fixture.rewritten(), "awaitIt", cancelled);
        assertTrue(cancelledCall.isCancelled(), "the await rethrew the cancellation as it was");
    }
}
