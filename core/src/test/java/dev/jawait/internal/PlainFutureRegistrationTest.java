package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncStackTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A call suspended on a plain {@code CompletableFuture} registers with {@code whenCompleteAsync(frame, frame)} and
 * resumes from the executor call ({@link CallFrame#execute}), without running the completion the JDK hands it: one
 * CAS fewer per await. What must hold all the same: one resumption, the future's other callbacks all run, its failure
 * reaches the await with the await's place in its async trace, and a subclass keeps its own {@code whenComplete}.
 * The races are jawait-stress's {@code PlainFutureStress} and {@code CancelStress}.
 */
class PlainFutureRegistrationTest {
    @Test
    void aCallResumesOnceAndTheFuturesOtherCallbacksStillRun() {
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        List<String> order = new ArrayList<>();
        awaited.thenRun(() -> order.add("registered before the call"));
        Frame call = Frame.suspendedOn(awaited, value -> {
            order.add("the call");
            return value + " read";
        });
        awaited.thenRun(() -> order.add("registered after the call"));

        awaited.complete("value");

        assertEquals("value read", call.getNow("still suspended"));
        assertEquals(1, call.resumptions.get());
        assertEquals(1, call.executed.get(), "woken through the executor");
        assertEquals(0, call.accepted.get(), "whenComplete's completion was not run");
        assertEquals(0, awaited.getNumberOfDependents());
        assertEquals(List.of("registered after the call", "the call", "registered before the call"), order,
                "every callback ran, in the JDK's order (the last registered first)");
    }

    @Test
    void aFutureDoneBeforeTheRegistrationResumesTheCallAtOnce() {
        CompletableFuture<Object> awaited = CompletableFuture.completedFuture("value");

        Frame call = Frame.suspendedOn(awaited, value -> value + " read");

        assertEquals("value read", call.getNow("still suspended"));
        assertEquals(1, call.resumptions.get());
        assertEquals(1, call.executed.get());
        assertEquals(0, awaited.getNumberOfDependents());
    }

    @Test
    void aFailureReachesTheAwaitWithTheAwaitsPlaceInItsTrace() {
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        Frame call = Frame.suspendedOn(awaited, value -> value);
        IllegalStateException failure = new IllegalStateException("refused");

        awaited.completeExceptionally(failure);

        assertFailedAtTheAwaitWith(failure, call);
    }

    /**
     * A class rewritten before the resume body took the outcome from the frame takes the future and reads it itself:
     * its failure still gets the await in its trace, once.
     */
    @Test
    void aResumeBodyThatTakesTheFutureStillGetsTheAwaitInTheTrace() {
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        Frame call = Frame.suspendedOn(awaited, value -> value);
        call.takesFuture = true;
        CancellationException failure = new CancellationException("refused");

        awaited.completeExceptionally(failure);

        assertFailedAtTheAwaitWith(failure, call);
    }

    /** The resumption runs inside the completing thread's {@code complete}: the call fails, and nothing else. */
    @Test
    void aBodyThatThrowsFailsItsCall() {
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        AtomicInteger laterCallbacks = new AtomicInteger();
        awaited.thenRun(laterCallbacks::incrementAndGet);
        Frame call = Frame.suspendedOn(awaited, value -> {
            throw new IllegalArgumentException("the body's own");
        });

        assertTrue(awaited.complete("value"));

        assertEquals("the body's own", call.handle((value, thrown) -> thrown.getMessage()).getNow(null));
        assertEquals(1, laterCallbacks.get(), "the future's other callback ran after the call");
    }

    /** A trace that cannot be recorded (here: the frame cannot say where it is) must not keep the call suspended. */
    @Test
    void aCallResumesEvenIfItsAsyncTraceCannotBeRecorded() {
        Frame call = failedWithoutATrace(new CompletableFuture<>());
        assertEquals(1, call.executed.get(), "woken through the executor");
    }

    /** The same on the wake-up by one of jawait's futures, which has taken the call out of its slot already. */
    @Test
    void aCallWokenByAJawaitFutureResumesEvenIfItsAsyncTraceCannotBeRecorded() {
        Frame call = failedWithoutATrace(new LinkableFuture<Object>() {
        });
        assertEquals(0, call.accepted.get() + call.executed.get(), "woken through the link");
    }

    /** The same on the wake-up by a subclass of {@code CompletableFuture}, registered on with {@code whenComplete}. */
    @Test
    void aCallWokenByAFutureSubclassResumesEvenIfItsAsyncTraceCannotBeRecorded() {
        Frame call = failedWithoutATrace(new CompletableFuture<Object>() {
        });
        assertEquals(1, call.accepted.get(), "woken through whenComplete");
    }

    /** A call suspended on {@code awaited} with no site to record a trace at, once {@code awaited} has failed. */
    private static Frame failedWithoutATrace(CompletableFuture<Object> awaited) {
        Frame call = Frame.suspendedOn(awaited, value -> value);
        call.site = null;
        IllegalStateException failure = new IllegalStateException("refused");

        awaited.completeExceptionally(failure);

        assertSame(failure, call.handle((value, thrown) -> thrown).getNow(null), "resumed with the failure");
        assertEquals(1, call.resumptions.get());
        return call;
    }

    /**
     * JDK 23 and later throw a new {@code CancellationException} around the one a cancelled future holds from its
     * {@code join()} and {@code getNow}: the await rethrows the future's own, and its trace is recorded there.
     */
    @Test
    void aCancellationReachesTheAwaitAsTheFutureHoldsIt() {
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        Frame call = Frame.suspendedOn(awaited, value -> value);
        CancellationException held = new CancellationException("the future's own");

        awaited.completeExceptionally(held);

        assertFailedAtTheAwaitWith(held, call);
    }

    /** The same for an await of a future cancelled before it (the fast path), and for the resumed await's read. */
    @Test
    void aCancelledFutureReadsAsTheCancellationItHolds() {
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        CancellationException held = new CancellationException("the future's own");
        cancelled.completeExceptionally(held);

        assertEveryReadGives(held, cancelled);
    }

    /** A cancellation that has a cancellation as its cause is the future's own on every JDK: nothing is peeled off. */
    @Test
    void aCancellationCausedByAnotherIsKeptWhole() {
        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        CancellationException held = new CancellationException("the future's own");
        held.initCause(new CancellationException("its cause"));
        cancelled.completeExceptionally(held);

        assertEveryReadGives(held, cancelled);
    }

    /** {@code call} failed with {@code failure} itself, whose async trace names the call's await. */
    private static void assertFailedAtTheAwaitWith(Throwable failure, Frame call) {
        assertSame(failure, call.handle((value, thrown) -> thrown).getNow(null));
        assertEquals(List.of(new StackTraceElement("Fixture", "call", "Fixture.java", 7)),
                List.of(AsyncStackTrace.of(failure).getStackTrace()), "the async trace names the await");
    }

    /** The await's fast path, its read after resuming, and a trace's read all give {@code held} itself. */
    private static void assertEveryReadGives(CancellationException held, CompletableFuture<Object> cancelled) {
        assertSame(held, assertThrows(CancellationException.class, () -> AwaitSupport.tryResult(cancelled)));
        assertSame(held, assertThrows(CancellationException.class, () -> AwaitSupport.resultOf(cancelled)));
        assertSame(held, Failures.failureOf(cancelled));
    }

    /** A subclass may run its callbacks its own way: it is registered through its own {@code whenComplete}. */
    @Test
    void aSubclassIsRegisteredThroughItsOwnWhenComplete() {
        AtomicInteger registrations = new AtomicInteger();
        CompletableFuture<Object> awaited = new CompletableFuture<>() {
            @Override
            public CompletableFuture<Object> whenComplete(
                    java.util.function.BiConsumer<? super Object, ? super Throwable> action) {
                registrations.incrementAndGet();
                return super.whenComplete(action);
            }
        };
        Frame call = Frame.suspendedOn(awaited, value -> value + " read");

        awaited.complete("value");

        assertEquals("value read", call.getNow("still suspended"));
        assertEquals(1, registrations.get());
        assertEquals(1, call.accepted.get(), "woken by whenComplete's action");
        assertEquals(0, call.executed.get());
    }

    /** A frame whose body takes the awaited future's outcome, as a resumed await does, and returns what it makes. */
    static final class Frame extends CallFrame {
        final AtomicInteger resumptions = new AtomicInteger();
        /** How the JDK woke the call: through the executor, or through {@code whenComplete}'s action. */
        final AtomicInteger executed = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        private final Function<Object, Object> body;
        private String site = "Fixture|call|Fixture.java|7";
        /**
         * Whether the body reads the outcome as formats 2 to 4, and format 5 as first written, did: the future taken,
         * then read by the body.
         */
        private boolean takesFuture;

        private Frame(Function<Object, Object> body) {
            this.body = body;
        }

        static Frame suspendedOn(CompletableFuture<Object> awaited, Function<Object, Object> body) {
            Frame frame = new Frame(body);
            frame.label = 1;
            frame.suspend(awaited);
            return frame;
        }

        @Override
        public Object resumeBody() {
            resumptions.incrementAndGet();
            Object value = takesFuture ? AwaitSupport.resultOf(takeAwaited()) : takeOutcome();
            return returnValue(body.apply(value));
        }

        @Override
        public void execute(Runnable completion) {
            executed.incrementAndGet();
            super.execute(completion);
        }

        @Override
        public void accept(Object value, Throwable failure) {
            accepted.incrementAndGet();
            super.accept(value, failure);
        }

        @Override
        public String site() {
            if (site == null) {
                throw new IllegalStateException("no site");
            }
            return site;
        }
    }
}
