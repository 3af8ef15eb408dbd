package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An await of a {@code CompletionStage} that is not a {@code CompletableFuture} registers once on the stage itself,
 * never on a copy from {@code toCompletableFuture()}, and behaves as an await of a future does: the value, the
 * original exception, no suspension when the stage is complete, and a cancellation that reaches the operation.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a value lost by a cancel would hang a join
class ForeignStageTest {
    private static final AsyncFixture FIXTURE = AsyncFixture.clean("fx.Foreign", String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CancellationException;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CompletionStage;",
            "public class Foreign {",
            "    @Async",
            "    static CompletableFuture<String> awaits(CompletionStage<String> stage) {",
            "        try {",
            "            return CompletableFuture.completedFuture(\"value \" + await(stage));",
            "        } catch (CancellationException e) {",
            "            return CompletableFuture.completedFuture(\"cancelled\");",
            "        } catch (IllegalStateException e) {",
            "            return CompletableFuture.completedFuture(\"caught \" + e.getClass().getSimpleName() + \" \"",
            "                    + e.getMessage());",
            "        }",
            "    }",
            "    @Async",
            "    static CompletableFuture<String> reportsTheOperation(CompletionStage<String> stage) {",
            "        try {",
            "            return CompletableFuture.completedFuture(\"value \" + await(stage));",
            "        } catch (CancellationException e) {",
            "            return CompletableFuture.completedFuture(\"operation cancelled: \"",
            "                    + stage.toCompletableFuture().isCancelled());",
            "        }",
            "    }",
            "}"), 11);

    /** A stage that is not a {@code CompletableFuture}: it forwards to {@code underlying} and counts what it is asked. */
    private static final class Counted {
        final CompletableFuture<String> underlying = new CompletableFuture<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final CompletionStage<String> stage;
        /** The callbacks of a stage that runs them later, on its own executor; null if it runs them at once. */
        private final Queue<Runnable> deferredCallbacks;

        Counted(boolean refusesConversion) {
            this(refusesConversion ? new UnsupportedOperationException() : null, false);
        }

        /** {@code conversionFailure}: what {@code toCompletableFuture()} throws, or null if it converts. */
        @SuppressWarnings("unchecked")
        Counted(RuntimeException conversionFailure, boolean defersCallbacks) {
            deferredCallbacks = defersCallbacks ? new ConcurrentLinkedQueue<>() : null;
            stage = (CompletionStage<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {CompletionStage.class}, (proxy, method, arguments) -> {
                        calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                        if (method.getName().equals("toCompletableFuture") && conversionFailure != null) {
                            throw conversionFailure;
                        }
                        if (method.getName().equals("whenComplete") && deferredCallbacks != null) {
                            return underlying.whenCompleteAsync((BiConsumer<? super String, ? super Throwable>)
                                    arguments[0], deferredCallbacks::add);
                        }
                        try {
                            return method.invoke(underlying, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        /** Runs the callbacks the stage has deferred so far, as its executor would. */
        void runDeferredCallbacks() {
            for (Runnable callback; (callback = deferredCallbacks.poll()) != null; ) {
                callback.run();
            }
        }

        int count(String method) {
            AtomicInteger count = calls.get(method);
            return count == null ? 0 : count.get();
        }
    }

    private static CompletableFuture<Object> awaits(CompletionStage<String> stage) {
        return FIXTURE.call(FIXTURE.rewritten(), "awaits", stage);
    }

    @Test
    void aPendingStageIsRegisteredOnOnceAndNeverConverted() {
        Counted counted = new Counted(false);
        CompletableFuture<Object> call = awaits(counted.stage);
        assertFalse(call.isDone());
        // The frame waits on jawait's own future, linked directly, not on a JDK registration.
        assertTrue(((CallFrame) call).state() instanceof ForeignStage, () -> "awaiting " + ((CallFrame) call).state());
        counted.underlying.complete("v");
        assertEquals("value v", call.join());
        assertEquals(Set.of("whenComplete"), counted.calls.keySet());
        assertEquals(1, counted.count("whenComplete"));
    }

    @Test
    void aCompleteStageIsReadWithoutSuspending() {
        Counted counted = new Counted(false);
        counted.underlying.complete("now");
        CompletableFuture<Object> call = awaits(counted.stage);
        assertTrue(call.isDone());
        assertFalse(call instanceof CallFrame, "no frame made: the call did not suspend");
        assertEquals("value now", call.join());
        assertEquals(0, counted.count("toCompletableFuture"));
    }

    @Test
    void aFailedStageThrowsTheOriginalExceptionAtTheAwait() {
        Counted counted = new Counted(false);
        CompletableFuture<Object> call = awaits(counted.stage);
        counted.underlying.completeExceptionally(new IllegalStateException("boom"));
        assertEquals("caught IllegalStateException boom", call.join());
    }

    @Test
    void aFailureOfADependentStageArrivesUnwrapped() {
        Counted counted = new Counted(false);
        CompletableFuture<Object> call = awaits(counted.stage.thenApply(value -> {
            throw new IllegalStateException("in a dependent stage");
        }));
        counted.underlying.complete("v");
        assertEquals("caught IllegalStateException in a dependent stage", call.join());
    }

    @Test
    void cancellingTheCallCancelsTheOperationBehindTheStage() {
        Counted counted = new Counted(false);
        CompletableFuture<Object> call = awaits(counted.stage);
        assertTrue(call.cancel(true));
        assertEquals("cancelled", call.join());
        assertTrue(counted.underlying.isCancelled());
    }

    @Test
    void aStageThatRefusesConversionIsAwaitedAndACancelStillEndsTheAwait() {
        Counted refusing = new Counted(true);
        CompletableFuture<Object> call = awaits(refusing.stage);
        refusing.underlying.complete("v");
        assertEquals("value v", call.join());

        Counted another = new Counted(true);
        CompletableFuture<Object> cancelled = awaits(another.stage);
        assertTrue(cancelled.cancel(true));
        assertEquals("cancelled", cancelled.join());
        assertFalse(another.underlying.isDone(), "a stage that cannot be converted cannot be cancelled either");
        assertEquals(1, another.count("toCompletableFuture"));
    }

    @Test
    void aValueTheOperationHadBeforeTheCancelIsNotDropped() {
        Counted deferring = new Counted(null, true);
        CompletableFuture<Object> call = awaits(deferring.stage);
        deferring.underlying.complete("arrived"); // the stage's callback has not run yet, and may never run
        call.cancel(true);
        assertEquals("value arrived", call.join());
        deferring.runDeferredCallbacks(); // late: finds the await's future complete
        assertEquals("value arrived", call.join());
    }

    @Test
    void aStageWhoseConversionFailsIsStillCancelled() {
        Counted failing = new Counted(new IllegalStateException("no conversion here"), false);
        CompletableFuture<Object> call = awaits(failing.stage);
        assertTrue(call.cancel(true));
        assertEquals("cancelled", call.join());
        assertFalse(failing.underlying.isDone(), "the operation could not be reached");
    }

    @Test
    void aFailureTheOperationHadBeforeTheCancelIsNotReplacedByTheCancellation() {
        Counted deferring = new Counted(null, true);
        CompletableFuture<Object> call = awaits(deferring.stage);
        deferring.underlying.completeExceptionally(new IllegalStateException("first"));
        call.cancel(true);
        assertEquals("caught IllegalStateException first", call.join());
    }

    @Test
    void aValueRacingATimeoutOnAForeignStageIsDelivered() {
        Counted deferring = new Counted(null, true);
        deferring.underlying.complete("in time");
        // A timeout of zero has passed already: the timer fires before the stage's callback has run.
        CompletableFuture<String> bounded = Tasks.withTimeout(deferring.stage, Duration.ZERO);
        assertEquals("in time", bounded.join());
    }

    @Test
    void theOperationIsCancelledBeforeTheCallResumes() {
        Counted counted = new Counted(false);
        CompletableFuture<Object> call = FIXTURE.call(FIXTURE.rewritten(), "reportsTheOperation", counted.stage);
        assertTrue(call.cancel(true));
        assertEquals("operation cancelled: true", call.join());
    }

    @Test
    void aFutureThatRefusesConversionIsCancelledItself() {
        CompletableFuture<String> refusing = new CompletableFuture<>() {
            @Override
            public CompletableFuture<String> toCompletableFuture() {
                throw new UnsupportedOperationException();
            }
        };
        CompletableFuture<Object> call = awaits(refusing);
        assertTrue(call.cancel(true));
        assertEquals("cancelled", call.join());
        assertTrue(refusing.isCancelled());
    }

    @Test
    void aCompletableFutureIsAwaitedAsItIs() {
        CompletableFuture<String> future = new CompletableFuture<>();
        assertSame(future, AwaitSupport.toFuture(future));
    }
}
