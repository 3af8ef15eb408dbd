package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The direct link between an awaiting frame and a future of jawait's own ({@link LinkableFuture}), against every
 * race the link protocol has: whichever thread wins, the waiter is woken exactly once, and with the outcome the future
 * ended with. A lost wake-up would leave a call suspended for ever; a double one would run its body twice.
 */
public final class LinkStress {
    private LinkStress() {
    }

    /** What an awaiting frame does when woken, counted: how often, and what it read (1 a value, 2 a cancellation). */
    static final class Waiter implements LinkedWaiter {
        final AtomicInteger wakes = new AtomicInteger();
        volatile int seen;

        @Override
        public void linkedCompleted(LinkableFuture<?> future) {
            record(future.failureOnceDone() == null ? 1 : 2);
        }

        @Override
        public void accept(Object value, Throwable failure) {
            record(failure == null ? 1 : 2);
        }

        private void record(int outcome) {
            seen = outcome;
            wakes.incrementAndGet();
        }
    }

    static final class Future extends LinkableFuture<Object> {
    }

    /** For the second-waiter tests: each waiter's wake-ups, and 1 if both saw the value. */
    static void bothWoken(Waiter first, Waiter second, III_Result result) {
        result.r1 = first.wakes.get();
        result.r2 = second.wakes.get();
        result.r3 = first.seen == 1 && second.seen == 1 ? 1 : 0;
    }

    /** The future's final state in {@link Waiter#seen}'s code. */
    static int outcomeOf(Future future) {
        return !future.isDone() ? 0 : future.isCancelled() ? 2 : 1;
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "woken once, with the value")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "woken twice, or with the wrong outcome")
    @State
    public static class AwaitAgainstComplete {
        private final Future future = new Future();
        private final Waiter waiter = new Waiter();

        @Actor
        public void await() {
            LinkableFuture.register(future, waiter);
        }

        @Actor
        public void complete() {
            future.complete("value");
        }

        @Arbiter
        public void arbiter(II_Result result) {
            result.r1 = waiter.wakes.get();
            result.r2 = waiter.seen;
        }
    }

    /** A call's frame completes by taking its waiter, to resume it next on its own thread, instead of waking it. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "woken once, with the value")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "woken twice, or with the wrong outcome")
    @State
    public static class AwaitAgainstCompleteTakingTheWaiter {
        private final Future future = new Future();
        private final Waiter waiter = new Waiter();

        @Actor
        public void await() {
            LinkableFuture.register(future, waiter);
        }

        @Actor
        public void complete() {
            LinkedWaiter taken = future.completeTakingWaiter("value");
            if (taken != null) {
                taken.linkedCompleted(future);
            }
        }

        @Arbiter
        public void arbiter(II_Result result) {
            result.r1 = waiter.wakes.get();
            result.r2 = waiter.seen;
        }
    }

    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "woken once, with the cancellation")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "woken twice, or with the wrong outcome")
    @State
    public static class AwaitAgainstCancel {
        private final Future future = new Future();
        private final Waiter waiter = new Waiter();

        @Actor
        public void await() {
            LinkableFuture.register(future, waiter);
        }

        @Actor
        public void cancel() {
            future.cancel(false);
        }

        @Arbiter
        public void arbiter(II_Result result) {
            result.r1 = waiter.wakes.get();
            result.r2 = waiter.seen;
        }
    }

    /** A waiter linked before the race: completion and cancellation both try to end the future and wake it. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "completed first: woken once, with the value")
    @Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "cancelled first: woken once, with the cancellation")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "a lost wake-up")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "woken twice, or with an outcome the future did not end with")
    @State
    public static class CompleteAgainstCancel {
        private final Future future = new Future();
        private final Waiter waiter = new Waiter();

        public CompleteAgainstCancel() {
            LinkableFuture.register(future, waiter);
        }

        @Actor
        public void complete() {
            future.complete("value");
        }

        @Actor
        public void cancel() {
            future.cancel(false);
        }

        @Arbiter
        public void arbiter(III_Result result) {
            result.r1 = waiter.wakes.get();
            result.r2 = waiter.seen;
            result.r3 = outcomeOf(future);
        }
    }

    /**
     * Two frames await the same future as it completes: one gets the link, the other the JDK's registration. Three
     * actors: jcstress runs it only on a machine with three CPUs or more, so the two tests after it split it in two
     * for a 2-core one (CI's).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both woken once, with the value")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a waiter lost, or woken twice")
    @State
    public static class SecondWaiter {
        private final Future future = new Future();
        private final Waiter first = new Waiter();
        private final Waiter second = new Waiter();

        @Actor
        public void awaitFirst() {
            LinkableFuture.register(future, first);
        }

        @Actor
        public void awaitSecond() {
            LinkableFuture.register(future, second);
        }

        @Actor
        public void complete() {
            future.complete("value");
        }

        @Arbiter
        public void arbiter(III_Result result) {
            bothWoken(first, second, result);
        }
    }

    /** {@link SecondWaiter} with the first waiter linked already: the second registers as the future completes. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both woken once, with the value")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a waiter lost, or woken twice")
    @State
    public static class SecondWaiterAgainstComplete {
        private final Future future = new Future();
        private final Waiter first = new Waiter();
        private final Waiter second = new Waiter();

        public SecondWaiterAgainstComplete() {
            LinkableFuture.register(future, first);
        }

        @Actor
        public void awaitSecond() {
            LinkableFuture.register(future, second);
        }

        @Actor
        public void complete() {
            future.complete("value");
        }

        @Arbiter
        public void arbiter(III_Result result) {
            bothWoken(first, second, result);
        }
    }

    /** {@link SecondWaiter} with the completion after both: two waiters race for the one slot. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both woken once, with the value")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a waiter lost, or woken twice")
    @State
    public static class TwoWaitersForTheSlot {
        private final Future future = new Future();
        private final Waiter first = new Waiter();
        private final Waiter second = new Waiter();

        @Actor
        public void awaitFirst() {
            LinkableFuture.register(future, first);
        }

        @Actor
        public void awaitSecond() {
            LinkableFuture.register(future, second);
        }

        @Arbiter
        public void arbiter(III_Result result) {
            future.complete("value");
            bothWoken(first, second, result);
        }
    }
}
