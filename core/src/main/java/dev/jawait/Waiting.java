package dev.jawait;

import dev.jawait.internal.Failures;
import dev.jawait.internal.Linked;
import dev.jawait.internal.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** The state of one {@link Tasks#wait}: the stages, which of them decide the end, and the optional timer. */
final class Waiting<S extends CompletionStage<?>> {
    private final List<S> stages;
    private final CompletableFuture<?>[] futures;
    private final WaitMode mode;
    private final AtomicInteger remaining;
    private final CompletableFuture<WaitResult<S>> result = new CompletableFuture<>();

    private Waiting(List<S> stages, WaitMode mode) {
        this.stages = stages;
        this.futures = Linked.futures("wait", stages);
        this.mode = mode;
        this.remaining = new AtomicInteger(futures.length);
    }

    /** Starts waiting; {@code timeout} may be null for none. */
    static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> start(Collection<S> stages, WaitMode mode,
            Duration timeout) {
        java.util.Objects.requireNonNull(mode, "mode");
        Waiting<S> waiting = new Waiting<>(new ArrayList<>(stages), mode);
        if (waiting.futures.length == 0) {
            throw new IllegalArgumentException("wait: no stages to wait for");
        }
        if (timeout != null) {
            CompletableFuture<Void> timer = Tasks.sleep(timeout);
            timer.thenRun(waiting::finish);
            // Once the wait is over, by any stage, by cancel or by the timer itself, its timer is not needed.
            waiting.result.whenComplete((value, failure) -> timer.cancel(false));
        }
        for (CompletableFuture<?> future : waiting.futures) {
            // Watched until the wait is over: a stage still pending then is not left holding this wait.
            Watch.whenComplete(future, waiting.result, (value, failure) -> {
                boolean last = waiting.remaining.decrementAndGet() == 0;
                if (last || waiting.decidedBy(failure)) {
                    waiting.finish();
                }
            });
        }
        return waiting.result;
    }

    /** Whether a stage that has just completed with {@code failure} (null if with a value) ends the wait. */
    private boolean decidedBy(Throwable failure) {
        switch (mode) {
            case FIRST_COMPLETED:
                return true;
            case FIRST_EXCEPTION:
                return failure != null && !(Failures.unwrap(failure) instanceof CancellationException);
            default:
                return false;
        }
    }

    /** Completes the result with the stages as they are now; only the first call counts. */
    private void finish() {
        if (result.isDone()) {
            return;
        }
        List<S> done = new ArrayList<>();
        List<S> pending = new ArrayList<>();
        for (int i = 0; i < futures.length; i++) {
            (futures[i].isDone() ? done : pending).add(stages.get(i));
        }
        result.complete(new WaitResult<>(done, pending));
    }
}
