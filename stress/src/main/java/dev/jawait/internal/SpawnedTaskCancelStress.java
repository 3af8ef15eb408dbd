package dev.jawait.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A spawned task is cancelled with {@code cancel(false)} as it starts: either it never starts, or the request reaches
 * the stage its block returned, as {@code cancel(false)}. A request that came before the stage was published is
 * passed on by the starting thread, which must not make it interrupting (the code before 2026-12-03 did).
 */
public final class SpawnedTaskCancelStress {
    private SpawnedTaskCancelStress() {
    }

    /** A stage that records how it was cancelled: 1 for {@code cancel(false)}, 2 for {@code cancel(true)}. */
    static final class RecordingStage extends CompletableFuture<Object> {
        volatile int cancelledWith;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelledWith = mayInterruptIfRunning ? 2 : 1;
            return super.cancel(mayInterruptIfRunning);
        }
    }

    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "cancelled before it started: the block never ran")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "started: the stage cancelled as cancel(false)")
    @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "cancelled as cancel(true): an interrupt nobody asked for")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "started, and the request lost")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "anything else")
    @State
    public static class StartAgainstCancel {
        private final RecordingStage stage = new RecordingStage();
        private volatile boolean ran;
        private final SpawnedTask<Object> task = new SpawnedTask<>(() -> {
            ran = true;
            return stage;
        });

        @Actor
        public void start() {
            task.run();
        }

        @Actor
        public void cancel() {
            task.cancel(false);
        }

        @Arbiter
        public void outcome(II_Result r) {
            r.r1 = ran ? 1 : 0;
            r.r2 = stage.cancelledWith;
        }
    }
}
