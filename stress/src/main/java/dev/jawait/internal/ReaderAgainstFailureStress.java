package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A jawait future fails while another thread reads it: a reader that got the failure must never be taken for nobody
 * (which would log "never retrieved" for a failure that was handled). Lives in {@code dev.jawait.internal} to see
 * {@link TaskFuture#failureWouldBeLogged()}.
 */
public final class ReaderAgainstFailureStress {
    private static final IllegalStateException FAILURE = new IllegalStateException("stress");
    /**
     * Millions of probes fail here, many of them rightly unread: their log lines would swamp the run. Held, since
     * java.util.logging keeps loggers weakly and would forget the level.
     */
    private static final java.util.logging.Logger QUIET = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.jawait");
        log.setLevel(java.util.logging.Level.OFF);
        return log;
    }

    /** A registration (an await registers so): whenever it lands, the failure reaches the reader. */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the reader got the failure, and it is known")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "the reader got the failure, and it would be logged")
    @Outcome(id = "false, .*", expect = FORBIDDEN, desc = "a registered reader did not get the failure")
    @State
    public static class Registration {
        private final Probe future = new Probe();
        private volatile boolean read;

        @Actor
        public void fail() {
            future.completeExceptionally(FAILURE);
        }

        @Actor
        public void register() {
            future.whenComplete((value, failure) -> read = failure == FAILURE);
        }

        @Arbiter
        public void arbiter(ZZ_Result result) {
            result.r1 = read;
            result.r2 = future.failureWouldBeLogged();
        }
    }

    /** A look that may come before the failure (then it saw nothing) or after it (then it read it). */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the look read the failure, and it is known")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the look came first; nobody read the failure")
    @Outcome(id = "false, false", expect = FORBIDDEN,
            desc = "the look came first and saw nothing, yet counts as a reader: a log missed")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "the look read the failure, and it would be logged")
    @State
    public static class LateLook {
        private final Probe future = new Probe();

        @Actor
        public void fail() {
            future.completeExceptionally(FAILURE);
        }

        @Actor
        public void look(ZZ_Result result) {
            try {
                future.getNow(null);
                result.r1 = false;
            } catch (RuntimeException failed) {
                result.r1 = true;
            }
        }

        @Arbiter
        public void arbiter(ZZ_Result result) {
            result.r2 = future.failureWouldBeLogged();
        }
    }

    /** An await linking itself directly to the failing future: it must get the failure, and it counts as a reader. */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the linked waiter got the failure, and it is known")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "the linked waiter got the failure, and it would be logged")
    @Outcome(id = "false, .*", expect = FORBIDDEN, desc = "the linked waiter did not get the failure")
    @State
    public static class Link {
        private final Probe future = new Probe();
        private volatile boolean read;

        @Actor
        public void fail() {
            future.completeExceptionally(FAILURE);
        }

        @Actor
        public void link() {
            LinkableFuture.register(future, new LinkedWaiter() {
                @Override
                public void linkedCompleted(LinkableFuture<?> completed) {
                    read = completed.failureOnceDone() == FAILURE;
                }

                @Override
                public void accept(Object value, Throwable failure) {
                    read = failure == FAILURE;
                }
            });
        }

        @Arbiter
        public void arbiter(ZZ_Result result) {
            result.r1 = read;
            result.r2 = future.failureWouldBeLogged();
        }
    }

    /** The smallest jawait future. */
    static final class Probe extends LoopFuture<Object> {
        @Override
        protected String describe() {
            return "a jcstress probe";
        }
    }
}
