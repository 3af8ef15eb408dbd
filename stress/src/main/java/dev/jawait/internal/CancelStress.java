package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A call is cancelled while it suspends or resumes: the frame keeps the awaited future and the request in one field
 * ({@link CallFrame#cancel}), and no interleaving may lose the request or deliver it twice. Delivered means the
 * future the call awaits is cancelled, so that its await throws; a request that came too late for that must reach
 * the next await that suspends, and only that one.
 */
public final class CancelStress {
    private CancelStress() {
    }

    /** The smallest frame: its body only takes the awaited future, as a resumed await does first. */
    static final class Frame extends CallFrame {
        volatile CompletableFuture<?> resumedWith;

        @Override
        public Object resumeBody() {
            resumedWith = takeAwaited();
            return this;
        }

        @Override
        public String site() {
            return "Stress|call|Stress.java|1";
        }
    }

    /**
     * A frame that has suspended and resumed once, running: as a call is whenever anyone can cancel it (its first
     * suspension happens before anyone has its frame, and writes plainly).
     */
    static Frame resumedOnce() {
        Frame frame = new Frame();
        CompletableFuture<Object> first = new CompletableFuture<>();
        frame.suspend(first);
        first.complete("first");
        return frame;
    }

    /** Whether a new await of {@code frame} is cancelled at once: the request was still pending. */
    static boolean nextAwaitCancelled(Frame frame) {
        CompletableFuture<Object> next = new CompletableFuture<>();
        frame.suspend(next);
        return next.isCancelled();
    }

    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the await was cancelled, once")
    @Outcome(id = "false, .*", expect = FORBIDDEN, desc = "a lost cancellation")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "delivered twice: the next await was cancelled too")
    @State
    public static class CancelAgainstSuspend {
        private final Frame frame = resumedOnce();
        private final CompletableFuture<Object> awaited = new CompletableFuture<>();

        @Actor
        public void suspend() {
            frame.suspend(awaited);
        }

        @Actor
        public void cancel() {
            frame.cancel(false);
        }

        @Arbiter
        public void outcome(ZZ_Result r) {
            r.r1 = awaited.isCancelled() && frame.resumedWith == awaited;
            r.r2 = nextAwaitCancelled(frame);
        }
    }

    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "cancelled first: the await throws it, once")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the value came first: the next await gets the request")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "a lost cancellation")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "delivered twice")
    @State
    public static class CancelAgainstResume {
        private final Frame frame = new Frame();
        private final CompletableFuture<Object> awaited = new CompletableFuture<>();

        public CancelAgainstResume() {
            frame.suspend(awaited);
        }

        @Actor
        public void complete() {
            awaited.complete("value");
        }

        @Actor
        public void cancel() {
            frame.cancel(false);
        }

        @Arbiter
        public void outcome(ZZ_Result r) {
            r.r1 = awaited.isCancelled();
            r.r2 = nextAwaitCancelled(frame);
        }
    }

    /** A frame whose body, once resumed, ends by returning {@code tail}, still pending, instead of awaiting it. */
    static final class Relaying extends CallFrame {
        final CompletableFuture<Object> tail = new CompletableFuture<>();

        @Override
        public Object resumeBody() {
            takeAwaited();
            return tail;
        }

        @Override
        public String site() {
            return "Stress|relay|Stress.java|1";
        }
    }

    /**
     * A call is cancelled as its body ends by returning a stage still pending (after a resumption, so the frame
     * completes as that stage does): the request goes to the await if it came first, else to the returned stage,
     * which is published as an awaited future is. Never lost, never delivered to both.
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "cancelled at the await, before the body ended")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "cancelled as or after the body ended: the returned stage")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "a lost cancellation")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "delivered twice")
    @State
    public static class CancelAgainstReturnedStage {
        private final Relaying frame = new Relaying();
        private final CompletableFuture<Object> awaited = new CompletableFuture<>();

        public CancelAgainstReturnedStage() {
            frame.suspend(awaited);
        }

        @Actor
        public void complete() {
            awaited.complete("value");
        }

        @Actor
        public void cancel() {
            frame.cancel(false);
        }

        @Arbiter
        public void outcome(ZZ_Result r) {
            r.r1 = awaited.isCancelled();
            r.r2 = frame.tail.isCancelled();
        }
    }
}
