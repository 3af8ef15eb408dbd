package dev.jawait.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of some work bounded by a timer: when the timer fires first, the work is cancelled, and once it has
 * stopped this future fails with {@link TimeoutException} (or completes with a fallback value). Whatever the work
 * ends with otherwise, value or failure, is passed on as it is, so a value that raced the timer is never dropped.
 */
public final class TimeoutFuture<T> extends LoopFuture<T> {
    private final CompletableFuture<? extends T> work;
    private final CompletableFuture<Void> timer;
    private final Duration timeout;
    private final boolean moveOn;
    private final T fallback;
    /** Set once the timer fired, before the work is cancelled, so that the work's cancellation reads as a timeout. */
    private volatile boolean expired;
    /** Whether this future was cancelled from outside: its work's cancellation is then never a timeout. */
    private volatile boolean cancelRequested;

    private TimeoutFuture(CompletableFuture<? extends T> work, CompletableFuture<Void> timer, Duration timeout,
            boolean moveOn, T fallback) {
        this.work = work;
        this.timer = timer;
        this.timeout = timeout;
        this.moveOn = moveOn;
        this.fallback = fallback;
    }

    @Override
    protected String describe() {
        // toMillis() overflows past Long.MAX_VALUE ms (ChronoUnit.FOREVER), and this runs where a failure is recorded.
        return "work bounded by a timeout of " + (timeout.getSeconds() < Long.MAX_VALUE / 1000 ? timeout.toMillis()
                + " ms" : timeout.toString());
    }

    @Override
    java.util.List<CompletableFuture<?>> endsAs() {
        return java.util.List.of(work);
    }

    /** Bounds {@code work} by {@code timer}; the future fails with {@link TimeoutException} when the timer wins. */
    public static <T> TimeoutFuture<T> failing(CompletableFuture<? extends T> work, CompletableFuture<Void> timer,
            Duration timeout) {
        return start(new TimeoutFuture<>(work, timer, timeout, false, null));
    }

    /** Bounds {@code work} by {@code timer}; the future completes with {@code fallback} when the timer wins. */
    public static <T> TimeoutFuture<T> movingOn(CompletableFuture<? extends T> work, CompletableFuture<Void> timer,
            Duration timeout, T fallback) {
        return start(new TimeoutFuture<>(work, timer, timeout, true, fallback));
    }

    private static <T> TimeoutFuture<T> start(TimeoutFuture<T> future) {
        // The work first: work that is already done must win over a timer that is already done.
        future.work.whenComplete(future::settle);
        future.timer.thenRun(future::expire);
        return future;
    }

    /**
     * Cancels the timer and the work; this future then ends as the work does ({@code CancellationException} when
     * it stopped), not at once. A cancel that comes after the timer fired, while the work is still cleaning up, is
     * reported as the cancellation it is, not as a timeout, as asyncio's {@code timeout} does: an outer scope whose
     * deadline cancelled an inner one that had timed out reports its own timeout, not the inner one's.
     *
     * @return false if this future has already completed (true if it completed cancelled), else true
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return isCancelled();
        }
        cancelRequested = true;
        timer.cancel(false);
        Failures.cancelOrLog(work, mayInterruptIfRunning); // a work that refuses ends as it will: this future with it
        return true;
    }

    private void expire() {
        if (!work.isDone()) {
            expired = true;
            Failures.cancelOrLog(work, true);
        }
    }

    private void settle(T value, Throwable failure) {
        timer.cancel(false);
        if (failure == null) {
            complete(value);
            return;
        }
        Throwable cause = Failures.unwrap(failure);
        if (expired && !cancelRequested && cause instanceof CancellationException) {
            if (moveOn) {
                complete(fallback);
            } else {
                TimeoutException timedOut = new TimeoutException("timed out after " + timeout);
                timedOut.initCause(cause);
                completeExceptionally(timedOut);
            }
        } else {
            completeExceptionally(cause);
        }
    }
}
