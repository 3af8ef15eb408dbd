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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A call suspends on a plain {@code CompletableFuture}, which hands it the JDK's completion as to an executor
 * ({@code CallFrame.execute}) instead of running it: the JDK's claim must still resume the call exactly once, whether
 * the future completes before the registration (the JDK then calls the executor at once), during it, or after it; the
 * completing thread's other callbacks must still run, and no completion may stay on the done future's stack, holding
 * the frame (the registering thread that claims it while pushing it would leave it there).
 */
public final class PlainFutureStress {
    private PlainFutureStress() {
    }

    /** A frame whose body counts its resumptions and reads the value of the future it was suspended on. */
    static final class Frame extends CallFrame {
        final AtomicInteger resumptions = new AtomicInteger();
        volatile Object value;

        @Override
        public Object resumeBody() {
            resumptions.incrementAndGet();
            value = ((CompletableFuture<?>) takeAwaited()).getNow(null);
            return returnValue(value);
        }

        @Override
        public String site() {
            return "Stress|call|Stress.java|1";
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "resumed once, with the value, and the other callback ran")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN,
            desc = "resumed twice, with the wrong value, a callback lost, or the call's completion left on the future")
    @State
    public static class AwaitAgainstComplete {
        private final Frame frame = new Frame();
        private final CompletableFuture<Object> awaited = new CompletableFuture<>();
        private final AtomicInteger otherCallbacks = new AtomicInteger();

        public AwaitAgainstComplete() {
            awaited.thenRun(otherCallbacks::incrementAndGet); // pushed first: the completion runs it after the call
        }

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
            boolean right = "value".equals(frame.value) && otherCallbacks.get() == 1
                    && "value".equals(frame.getNow(null)) && awaited.getNumberOfDependents() == 0;
            result.r1 = frame.resumptions.get();
            result.r2 = right ? 1 : 0;
        }
    }
}
