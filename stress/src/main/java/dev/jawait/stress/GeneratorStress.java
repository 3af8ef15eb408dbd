package dev.jawait.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.jawait.AsyncIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;
import org.openjdk.jcstress.infra.results.Z_Result;

/**
 * A buffered generator whose first {@code hasNext()} was ended by a timeout, its take still queued: the body emits an
 * item, or fails (the take completes on the body's thread), while the consumer asks again. Whichever comes first, the
 * second {@code hasNext()} answers with what the body gave: the take answers the last answer published, and the
 * consumer looks once more after publishing it.
 */
public final class GeneratorStress {
    private GeneratorStress() {
    }

    private static final IllegalStateException BOOM = new IllegalStateException("the body failed");

    @JCStressTest
    @Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "the item reached the second hasNext()")
    @Outcome(expect = FORBIDDEN, desc = "the item lost, or the second hasNext() never answered")
    @State
    public static class ItemAgainstASecondHasNext {
        private final CompletableFuture<Void> gate = new CompletableFuture<>();
        private final AsyncIterator<Integer> generator =
                AsyncIterator.generate(1, emitter -> gate.thenCompose(go -> emitter.emit(1)));
        private CompletableFuture<Boolean> asked;

        public ItemAgainstASecondHasNext() {
            generator.hasNext().completeExceptionally(new TimeoutException("as orTimeout ends it"));
        }

        @Actor
        public void emit() {
            gate.complete(null);
        }

        @Actor
        public void askAgain() {
            asked = generator.hasNext();
        }

        @Arbiter
        public void arbiter(ZI_Result result) {
            result.r1 = asked.isDone() && asked.getNow(false);
            result.r2 = result.r1 ? generator.next() : -1;
        }
    }

    @JCStressTest
    @Outcome(id = "true", expect = ACCEPTABLE, desc = "the second hasNext() failed with the body's exception")
    @Outcome(expect = FORBIDDEN, desc = "the failure taken for a normal end, or never answered")
    @State
    public static class FailureAgainstASecondHasNext {
        private final CompletableFuture<Void> gate = new CompletableFuture<>();
        private final AsyncIterator<Integer> generator =
                AsyncIterator.generate(1, emitter -> gate.thenCompose(go -> CompletableFuture.failedFuture(BOOM)));
        private CompletableFuture<Boolean> asked;

        public FailureAgainstASecondHasNext() {
            generator.hasNext().completeExceptionally(new TimeoutException("as orTimeout ends it"));
        }

        @Actor
        public void fail() {
            gate.complete(null);
        }

        @Actor
        public void askAgain() {
            asked = generator.hasNext();
        }

        @Arbiter
        public void arbiter(Z_Result result) {
            result.r1 = asked.isCompletedExceptionally()
                    && asked.handle((value, failure) -> failure).join() == BOOM;
        }
    }
}
