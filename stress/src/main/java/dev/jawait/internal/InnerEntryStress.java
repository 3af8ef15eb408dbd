package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.IIZ_Result;
import org.openjdk.jcstress.infra.results.IZ_Result;

/**
 * A chain of calls that suspends through inner entries ({@link CallFrame#suspendDeferred}): each level links its
 * caller with a plain write, the caller that suspends with {@link CallFrame#suspend} registers the chain once, and a
 * completed level takes its caller without a CAS. The plain writes are safe only if the registration orders them
 * before every completion, and a cancel passing down the chain while it is registered must still reach what the
 * innermost call awaits. Each level must resume exactly once, and the caller after the callee it awaited.
 */
public final class InnerEntryStress {
    private InnerEntryStress() {
    }

    private static final Integer ONE = 1;

    /**
     * A level of the chain: counts its resumptions, reads what it awaited as an await does, and returns {@code value}
     * (1 unless told) at the {@code completeAt}th of them.
     */
    static final class Level extends CallFrame {
        final AtomicInteger resumes = new AtomicInteger();
        private final int completeAt;
        private final Object value;
        volatile CompletableFuture<?> resumedWith;
        /** What the await read on resuming: the awaited value, or the exception it threw. */
        volatile Object resumedValue;
        /** Whether a cancel found the call not done yet, and so has to be kept until an await delivers it. */
        volatile boolean cancelAccepted;

        Level(int completeAt) {
            this(completeAt, 1);
        }

        Level(int completeAt, Object value) {
            this.completeAt = completeAt;
            this.value = value;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean wasNotDone = !isDone();
            boolean accepted = super.cancel(mayInterruptIfRunning);
            cancelAccepted |= accepted && wasNotDone;
            return accepted;
        }

        @Override
        public Object resumeBody() {
            resumedWith = takeAwaited();
            try {
                resumedValue = AwaitSupport.resultOf(resumedWith);
            } catch (Throwable thrown) {
                resumedValue = thrown;
            }
            return resumes.incrementAndGet() == completeAt ? returnValue(value) : this;
        }

        @Override
        public String site() {
            return "Stress|level|Stress.java|1";
        }
    }

    /** A level suspended through its inner entry on {@code awaited}, as its first run does. */
    static Level deferredOn(CompletableFuture<?> awaited) {
        return deferredOn(awaited, 1);
    }

    /** As {@link #deferredOn(CompletableFuture)}, completing at its {@code completeAt}th resumption. */
    static Level deferredOn(CompletableFuture<?> awaited, int completeAt) {
        Level level = new Level(completeAt);
        level.label = 1;
        level.suspendDeferred(awaited);
        return level;
    }

    /**
     * Three levels: the two inner ones suspend through inner entries, the top one registers the chain. The inner ones
     * hand their values up without completing.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "each level resumed once, in order")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a level lost, resumed twice, or out of order")
    @State
    public static class RegisterAgainstComplete {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private Level inner;
        private Level middle;
        private final Level top = new Level(1);

        @Actor
        public void suspendTogether() {
            inner = deferredOn(gate);
            middle = deferredOn(inner);
            top.label = 1;
            top.suspend(middle);
        }

        @Actor
        public void complete() {
            gate.complete("value");
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r1 = inner.resumes.get();
            r.r2 = middle.resumes.get();
            r.r3 = top.resumes.get();
            r.r4 = inner.resumedWith == gate && middle.resumedWith == inner && top.resumedWith == middle
                    && "value".equals(inner.resumedValue) && ONE.equals(middle.resumedValue)
                    && ONE.equals(top.resumedValue) && top.isDone() && !middle.isDone() && !inner.isDone() ? 1 : 0;
        }
    }

    /**
     * The top level is a resumed call, which anyone may cancel, and it registers the chain below it while a cancel
     * passes down that chain: whichever comes first, the gate the innermost call awaits is cancelled, and each level
     * resumes once.
     */
    @JCStressTest
    @Outcome(id = "1, 2, true", expect = ACCEPTABLE, desc = "the gate cancelled; the callee resumed once, the caller"
            + " once more")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a lost cancellation, or a level lost or resumed twice")
    @State
    public static class RegisterAgainstCancel {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final Level top = resumedOnce();
        private Level callee;

        /** A call that suspended once and runs again, as a call is when others can reach it. */
        static Level resumedOnce() {
            return resumedOnce(2);
        }

        /** As {@link #resumedOnce()}, returning at its {@code completeAt}th resumption. */
        static Level resumedOnce(int completeAt) {
            Level level = new Level(completeAt);
            CompletableFuture<Object> first = new CompletableFuture<>();
            level.label = 1;
            level.suspend(first);
            first.complete("first");
            return level;
        }

        @Actor
        public void suspendTogether() {
            callee = deferredOn(gate);
            top.label = 1;
            top.suspend(callee);
        }

        @Actor
        public void cancel() {
            top.cancel(false);
        }

        @Arbiter
        public void outcome(IIZ_Result r) {
            r.r1 = callee.resumes.get();
            r.r2 = top.resumes.get();
            r.r3 = gate.isCancelled() && top.resumedWith == callee && ONE.equals(top.resumedValue) && top.isDone();
        }
    }

    /**
     * A registered chain unwinds while a cancel passes down it. The callee hands its value to its caller, linked to it
     * exclusively, without completing ({@code CallFrame.handTo}), so the cancel may find the callee ended and not
     * done, its state holding that value. The caller must read the value in every interleaving, and the request must
     * stay with it for its next await unless the callee delivered it (its await threw the cancellation, which it
     * caught): then the caller lets its request go, and its next await runs normally.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "the gate completed first; the value handed; the cancel"
            + " kept for the caller's next await")
    @Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE, desc = "the gate cancelled first; the callee's value handed all"
            + " the same; the cancel delivered there, and let go by the caller")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a level lost or resumed twice, the value lost, or the cancel lost")
    @State
    public static class HandOffAgainstCancel {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final Level callee = deferredOn(gate);
        private final Level top = RegisterAgainstCancel.resumedOnce(3);

        public HandOffAgainstCancel() {
            top.label = 1;
            top.suspend(callee);
        }

        @Actor
        public void complete() {
            gate.complete("value");
        }

        @Actor
        public void cancel() {
            top.cancel(false);
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r1 = callee.resumes.get();
            r.r2 = top.resumes.get();
            Object read = callee.resumedValue;
            r.r3 = "value".equals(read) ? 1 : read instanceof java.util.concurrent.CancellationException ? 2 : 0;
            boolean kept = top.state().getClass().getSimpleName().equals("CancelledAwait");
            r.r4 = top.resumedWith == callee && ONE.equals(top.resumedValue) && !top.isDone() && !callee.isDone()
                    && kept == (r.r3 == 1) ? 1 : 0;
        }
    }

    /**
     * As above, with a callee whose value is itself a future: a cancel passing down must not take that value, found
     * in the ended callee's state, for the future the callee awaits, and cancel it.
     */
    @JCStressTest
    @Outcome(id = "1, false", expect = ACCEPTABLE, desc = "the value read, and not cancelled")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "the caller did not read the value, or the cancel cancelled it")
    @State
    public static class HandOffOfAFutureAgainstCancel {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final CompletableFuture<Object> payload = new CompletableFuture<>();
        private final Level callee = new Level(1, payload);
        private final Level top = RegisterAgainstCancel.resumedOnce(3);

        public HandOffOfAFutureAgainstCancel() {
            callee.label = 1;
            callee.suspendDeferred(gate);
            top.label = 1;
            top.suspend(callee);
        }

        @Actor
        public void complete() {
            gate.complete("value");
        }

        @Actor
        public void cancel() {
            top.cancel(false);
        }

        @Arbiter
        public void outcome(IZ_Result r) {
            r.r1 = top.resumedValue == payload ? 1 : 0;
            r.r2 = payload.isCancelled();
        }
    }

    /**
     * As above, but the chain's one registration is refused (the gate's {@code whenComplete} throws): the innermost
     * call resumes once, with that failure instead of the gate's outcome, and a cancel that reached it stays pending
     * for its next await. The callee then waits on (it does not complete, so that its state, cleared when a call
     * completes, still shows the request), and the caller with it.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "the callee resumed once with the refusal, the caller"
            + " not yet; a cancel that reached the callee kept")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a level lost or resumed twice, or a cancellation lost")
    @State
    public static class RefusedRegisterAgainstCancel {
        private final CompletableFuture<Object> gate = new RefusingFuture();
        private final Level top = RegisterAgainstCancel.resumedOnce();
        private Level callee;

        @Actor
        public void suspendTogether() {
            callee = deferredOn(gate, 2);
            top.label = 1;
            top.suspend(callee);
        }

        @Actor
        public void cancel() {
            top.cancel(false);
        }

        @Arbiter
        public void outcome(IIII_Result r) {
            r.r1 = callee.resumes.get();
            r.r2 = top.resumes.get();
            r.r3 = callee.resumedWith != gate && callee.resumedWith.isCompletedExceptionally() && !top.isDone() ? 1 : 0;
            // The request reached the callee by its own cancel (top's held request, delivered when top suspended on
            // it) or by top's cancel going down the chain (top then holds it for the callee).
            boolean reachedCallee = callee.cancelAccepted || (top.awaitedForDump() == callee
                    && top.state().getClass().getSimpleName().equals("CancelledAwait"));
            r.r4 = !reachedCallee || callee.state().getClass().getSimpleName().equals("CancelledAwait") ? 1 : 0;
        }
    }

    /** A future whose {@code whenComplete} refuses, as a subclass of a program's own may. */
    static final class RefusingFuture extends CompletableFuture<Object> {
        @Override
        public CompletableFuture<Object> whenComplete(java.util.function.BiConsumer<? super Object, ? super Throwable>
                action) {
            throw new UnsupportedOperationException("refused");
        }
    }

    /**
     * Two completions of a future a call awaits (as the inputs of {@code Tasks.any} race to complete it) both look for
     * its waiter, the loser too, and the one that takes it resumes the call, which then awaits an inner call's frame
     * and links itself to it exclusively. The other, if it read the call in the slot before, must not take it again
     * on the strength of that link: the call resumes once.
     */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the call resumed once")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "the call resumed twice: taken again through its exclusive link")
    @State
    public static class StaleWakerAgainstExclusiveLink {
        private final Linked<Object> awaited = new Linked<>("awaited", new CompletableFuture<?>[0]);
        private final Relinking call = new Relinking();

        public StaleWakerAgainstExclusiveLink() {
            call.label = 1;
            call.suspend(awaited);
        }

        @Actor
        public void complete() {
            awaited.complete("value");
        }

        @Actor
        public void completeToo() {
            awaited.complete("another value");
        }

        @Arbiter
        public void outcome(I_Result r) {
            r.r1 = call.resumes.get();
        }
    }

    /** A call that, resumed the first time, awaits an inner call's frame that never completes. */
    static final class Relinking extends CallFrame {
        final AtomicInteger resumes = new AtomicInteger();

        @Override
        public Object resumeBody() {
            takeAwaited();
            if (resumes.incrementAndGet() == 1) {
                label = 2;
                suspend(deferredOn(new CompletableFuture<>()));
            }
            return this;
        }

        @Override
        public String site() {
            return "Stress|relinking|Stress.java|1,2";
        }
    }
}
