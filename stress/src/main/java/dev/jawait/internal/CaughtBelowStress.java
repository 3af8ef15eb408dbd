package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A cancel goes down from a caller to the call it awaits, which catches the {@code CancellationException} and ends
 * normally. Delivered once means: the caller lets its request go if the call below delivered it, and keeps it for
 * its next await if that call ended without delivering it (its value came first). Each interleaving of the cancel
 * with the callee's end, and with a second cancel, must deliver every request, and none of them twice.
 */
public final class CaughtBelowStress {
    private CaughtBelowStress() {
    }

    /**
     * A callee that catches what its await throws: at its first resumption it records what it read, then, if told to,
     * awaits {@link #second}; it returns "value" at the resumption after that.
     */
    static final class Catching extends CallFrame {
        final CompletableFuture<Object> second = new CompletableFuture<>();
        private final boolean awaitsTwice;
        private int resumes;
        volatile Object firstRead;
        volatile Object secondRead;

        Catching(boolean awaitsTwice) {
            this.awaitsTwice = awaitsTwice;
        }

        @Override
        public Object resumeBody() {
            Object read;
            try {
                read = AwaitSupport.resultOf(takeAwaited());
            } catch (Throwable thrown) {
                read = thrown;
            }
            if (++resumes == 1) {
                firstRead = read;
                if (awaitsTwice) {
                    label = 2;
                    suspend(second);
                    return this;
                }
            } else {
                secondRead = read;
            }
            return returnValue("value");
        }

        @Override
        public String site() {
            return "Stress|catching|Stress.java|1,2";
        }
    }

    /** A caller: each resumption reads what it awaited, and it never returns. */
    static final class Caller extends CallFrame {
        volatile Object read;

        @Override
        public Object resumeBody() {
            try {
                read = AwaitSupport.resultOf(takeAwaited());
            } catch (Throwable thrown) {
                read = thrown;
            }
            return this;
        }

        @Override
        public String site() {
            return "Stress|caller|Stress.java|1,2";
        }
    }

    /** A caller that suspended once and ran again, as a call is when others can cancel it; it awaits {@code callee}. */
    static Caller awaiting(CallFrame callee) {
        Caller caller = new Caller();
        CompletableFuture<Object> first = new CompletableFuture<>();
        caller.label = 1;
        caller.suspend(first);
        first.complete("first");
        caller.label = 2;
        caller.suspend(callee);
        return caller;
    }

    /** A callee suspended on {@code gate}, registered as a call's first suspension is. */
    static Catching suspendedOn(CompletableFuture<Object> gate, boolean awaitsTwice) {
        Catching callee = new Catching(awaitsTwice);
        callee.label = 1;
        callee.suspend(gate);
        return callee;
    }

    /** Whether the caller's next await is cancelled at once: a request was still held for it. */
    static boolean nextAwaitCancelled(Caller caller) {
        CompletableFuture<Object> next = new CompletableFuture<>();
        caller.label = 3;
        caller.suspend(next);
        return next.isCancelled();
    }

    /**
     * The cancel races with the value the callee awaits. If the cancel came first, the callee's await threw it (and
     * the callee caught it): the caller got "value" and must not be cancelled again. If the value came first, the
     * callee ended without seeing the request, and the caller's next await must get it.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "cancelled below and caught there; the caller goes on")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the value came first; the caller's next await cancelled")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "a lost cancellation")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "delivered twice: below, then at the caller's next await")
    @State
    public static class CancelAgainstValue {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final Catching callee = suspendedOn(gate, false);
        private final Caller caller = awaiting(callee);

        @Actor
        public void complete() {
            gate.complete("gate");
        }

        @Actor
        public void cancel() {
            caller.cancel(false);
        }

        @Arbiter
        public void outcome(ZZ_Result r) {
            boolean readRight = "value".equals(caller.read)
                    && (callee.firstRead instanceof CancellationException) == gate.isCancelled();
            r.r1 = gate.isCancelled() && readRight;
            r.r2 = nextAwaitCancelled(caller) && readRight;
        }
    }

    /**
     * A first cancel was delivered below and caught; the callee awaits again. A second cancel races with the
     * callee's end, and with the caller letting its first request go: it must be delivered, at the callee's second
     * await or at the caller's next one, and only once.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the second cancel reached the callee's second await")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the callee ended first; the caller's next await got it")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "the second cancel lost")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "delivered twice")
    @State
    public static class SecondCancelAgainstLetGo {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final Catching callee = suspendedOn(gate, true);
        private final Caller caller = awaiting(callee);

        public SecondCancelAgainstLetGo() {
            caller.cancel(false); // the gate is cancelled; the callee catches it and awaits its second future
        }

        @Actor
        public void complete() {
            callee.second.complete("second");
        }

        @Actor
        public void cancel() {
            caller.cancel(false);
        }

        @Arbiter
        public void outcome(ZZ_Result r) {
            boolean readRight = gate.isCancelled() && callee.firstRead instanceof CancellationException
                    && "value".equals(caller.read)
                    && (callee.secondRead instanceof CancellationException) == callee.second.isCancelled();
            r.r1 = callee.second.isCancelled() && readRight;
            r.r2 = nextAwaitCancelled(caller) && readRight;
        }
    }

    /**
     * Three levels: the caller awaits a middle call, which awaits an inner call. A first cancel was delivered at the
     * inner call, which caught it and awaits again. The inner call's end resumes the middle call, which lets its
     * request go as delivered below while a second cancel passes down: the second cancel must be delivered exactly
     * once, at the inner call's second await, at the middle call's next await, or at the caller's next await.
     */
    @JCStressTest
    @Outcome(id = "true, false, false", expect = ACCEPTABLE, desc = "the second cancel reached the inner call")
    @Outcome(id = "false, true, false", expect = ACCEPTABLE, desc = "it reached the middle call's next await")
    @Outcome(id = "false, false, true", expect = ACCEPTABLE, desc = "it reached the caller's next await")
    @Outcome(id = "false, false, false", expect = FORBIDDEN, desc = "the second cancel lost")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "delivered twice")
    @State
    public static class SecondCancelAgainstLetGoInTheMiddle {
        private final CompletableFuture<Object> gate = new CompletableFuture<>();
        private final Catching inner = suspendedOn(gate, true);
        private final Catching middle = new Catching(true);
        private final Caller caller;

        public SecondCancelAgainstLetGoInTheMiddle() {
            middle.label = 1;
            middle.suspend(inner);
            caller = awaiting(middle);
            caller.cancel(false); // the gate is cancelled; the inner call catches it and awaits its second future
        }

        @Actor
        public void complete() {
            inner.second.complete("second");
        }

        @Actor
        public void cancel() {
            caller.cancel(false);
        }

        @Arbiter
        public void outcome(ZZZ_Result r) {
            boolean readRight = gate.isCancelled() && inner.firstRead instanceof CancellationException
                    && "value".equals(middle.firstRead);
            r.r1 = inner.second.isCancelled() && readRight;
            r.r2 = middle.second.isCancelled() && readRight;
            if (!middle.second.isDone()) {
                middle.second.complete("second");
            }
            r.r3 = nextAwaitCancelled(caller) && "value".equals(caller.read) && readRight;
        }
    }
}
