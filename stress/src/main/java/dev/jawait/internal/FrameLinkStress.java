package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link LinkStress}'s races with a call's real frame as the waiter: {@code CallFrame.suspend} publishes the awaited
 * future for a cancel, links itself into the future's slot, and is resumed through the trampoline, reading the outcome
 * with {@code takeOutcome} as a rewritten resume body does. Whichever thread wins, the body runs once, with the outcome
 * the future ended with, and the future is left with no registration.
 */
public final class FrameLinkStress {
    private FrameLinkStress() {
    }

    /** A frame whose body counts its resumptions and keeps what its await gave: the value, or the exception. */
    static final class Frame extends CallFrame {
        final AtomicInteger resumptions = new AtomicInteger();
        volatile Object outcome;

        @Override
        public Object resumeBody() {
            resumptions.incrementAndGet();
            try {
                outcome = takeOutcome();
            } catch (CancellationException cancelled) {
                outcome = cancelled;
            }
            return returnValue("done");
        }

        @Override
        public String site() {
            return "Stress|call|Stress.java|1";
        }
    }

    /**
     * 1 if the frame saw {@code expected} (a value, or an exception's class), ended, and left nothing on the future.
     */
    static int rightlyEnded(Frame frame, LinkStress.Future awaited, Object expected) {
        Object outcome = frame.outcome;
        boolean saw = expected instanceof Class ? ((Class<?>) expected).isInstance(outcome) : expected.equals(outcome);
        return saw && "done".equals(frame.getNow(null)) && awaited.getNumberOfDependents() == 0 ? 1 : 0;
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "resumed once, with the value")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "resumed twice, with the wrong outcome, or a registration left")
    @State
    public static class AwaitAgainstComplete {
        private final Frame frame = new Frame();
        private final LinkStress.Future awaited = new LinkStress.Future();

        @Actor
        public void await() {
            frame.suspend(awaited);
        }

        @Actor
        public void complete() {
            awaited.complete("value");
        }

        @Arbiter
        public void arbiter(II_Result result) {
            result.r1 = frame.resumptions.get();
            result.r2 = rightlyEnded(frame, awaited, "value");
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "resumed once, with the cancellation")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "resumed twice, with the wrong outcome, or a registration left")
    @State
    public static class AwaitAgainstCancelOfTheFuture {
        private final Frame frame = new Frame();
        private final LinkStress.Future awaited = new LinkStress.Future();

        @Actor
        public void await() {
            frame.suspend(awaited);
        }

        @Actor
        public void cancel() {
            awaited.cancel(false);
        }

        @Arbiter
        public void arbiter(II_Result result) {
            result.r1 = frame.resumptions.get();
            result.r2 = rightlyEnded(frame, awaited, CancellationException.class);
        }
    }
}
