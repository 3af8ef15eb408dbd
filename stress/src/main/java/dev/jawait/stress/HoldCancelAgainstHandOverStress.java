package dev.jawait.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.jawait.AsyncLock;
import dev.jawait.Hold;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A waiting {@code lock.hold()} is cancelled while the holder unlocks and hands the lock to it: whichever wins, the
 * lock must end free once a delivered hold is closed. A lost race would leak the lock to nobody, for ever.
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "cancelled first; the lock went back")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "handed over first; closing the hold released it")
@Outcome(id = ".*, true", expect = FORBIDDEN, desc = "the lock leaked")
@State
public class HoldCancelAgainstHandOverStress {
    private final AsyncLock lock = new AsyncLock();
    private final CompletableFuture<Hold> waiting;

    public HoldCancelAgainstHandOverStress() {
        lock.tryLock();
        waiting = lock.hold();
    }

    @Actor
    public void unlock() {
        lock.unlock();
    }

    @Actor
    public void cancel() {
        waiting.cancel(true);
    }

    @Arbiter
    public void arbiter(ZZ_Result result) {
        result.r1 = waiting.isCancelled();
        if (!waiting.isCancelled()) {
            waiting.join().closeAsync();
        }
        result.r2 = lock.isLocked();
    }
}
