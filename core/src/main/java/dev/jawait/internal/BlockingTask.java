package dev.jawait.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code Callable} run on a {@link BlockingPool} thread, and the future of its result; the callable sees a copy of
 * the caller's task-local values and the thread-bound state registered with {@link Carriers}. Cancelling it completes
 * it at once; a task not started yet never starts, and {@code cancel(true)} interrupts the thread of one that runs.
 */
public final class BlockingTask<T> extends LinkableFuture<T> implements Runnable {
    private final Callable<? extends T> callable;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object runnerLock = new Object();
    /** The thread running the callable; guarded by runnerLock so that no interrupt reaches the thread's next task. */
    private Thread runner;
    private final TaskContext context = TaskContext.current().copy();
    private final Object[] carried = Carriers.capture();

    /** A task that will run {@code callable} once something executes it. */
    public BlockingTask(Callable<? extends T> callable) {
        this.callable = callable;
    }

    @Override
    public void run() {
        if (isDone() || !started.compareAndSet(false, true)) {
            return;
        }
        boolean interruptedBefore = Thread.currentThread().isInterrupted(); // a caller-runs executor's own interrupt
        synchronized (runnerLock) {
            runner = Thread.currentThread();
        }
        TaskContext previousContext = TaskContext.enter(context);
        Object[] previousState = null;
        try {
            previousState = Carriers.install(carried); // a carrier that throws fails the task, which would hang
            if (!isDone()) {
                complete(callable.call());
            }
        } catch (Throwable failure) {
            completeExceptionally(failure);
        } finally {
            Carriers.restoreOrLog(previousState, "the blocking thread's");
            TaskContext.exit(previousContext);
            synchronized (runnerLock) {
                runner = null;
            }
            Thread.interrupted(); // an interrupt meant for this task must not leak into the thread's next one
            if (interruptedBefore) {
                Thread.currentThread().interrupt(); // nor may one meant for the thread's own caller be lost
            }
        }
    }

    /**
     * Completes this future cancelled at once; with {@code mayInterruptIfRunning}, interrupts the callable's thread
     * if it runs. The callable may go on until it notices.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && mayInterruptIfRunning) {
            synchronized (runnerLock) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
        return cancelled;
    }
}
