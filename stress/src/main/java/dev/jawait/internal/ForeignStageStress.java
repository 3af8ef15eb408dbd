package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The future an await of a foreign {@code CompletionStage} waits on, cancelled while the operation behind the stage
 * produces its value: either the cancel stops the operation and both end cancelled, or the value arrived first and
 * the await gets it. A value the operation produced is never replaced by the cancellation. Lives in
 * {@code dev.jawait.internal} to build a {@link ForeignStage}.
 */
public final class ForeignStageStress {
    private static final String VALUE = "value";
    private static final int GOT_THE_VALUE = 1;
    private static final int CANCELLED = 2;

    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the value came first: the cancel is refused, the await gets it")
    @Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "the cancel came first: the operation is stopped")
    @Outcome(id = "1, 2, 1", expect = FORBIDDEN, desc = "the operation produced its value, and the await lost it")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "anything else")
    @State
    public static class ValueAgainstCancel {
        private final CompletableFuture<String> operation = new CompletableFuture<>();
        private final ForeignStage<String> awaited = ForeignStage.of(operation);

        @Actor
        public void produce() {
            operation.complete(VALUE);
        }

        @Actor
        public void cancel(III_Result result) {
            result.r1 = awaited.cancel(true) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(III_Result result) {
            result.r2 = outcome(awaited);
            result.r3 = outcome(operation);
        }

        private static int outcome(CompletableFuture<String> future) {
            if (future.isCancelled()) {
                return CANCELLED;
            }
            return VALUE.equals(future.getNow(null)) ? GOT_THE_VALUE : 0;
        }
    }
}
