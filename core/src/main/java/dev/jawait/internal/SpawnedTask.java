package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A task started later, at the next turn of a loop or on a pool thread: the future of the stage its block returns.
 * The task gets a copy of the spawner's task-local values.
 * Cancelled before it starts, it never starts and is cancelled at once; cancelled after, it passes the request to its
 * block's stage and ends as that stage does.
 */
public final class SpawnedTask<T> extends LoopFuture<T> implements Runnable {
    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int DROPPED = 2;

    private final AtomicInteger state = new AtomicInteger(NEW);
    private Supplier<? extends CompletionStage<T>> block;
    /** A copy of the spawner's task-local values, taken when the task was spawned. */
    private final TaskContext context = TaskContext.current().copy();
    private volatile CompletableFuture<?> stage;
    private volatile boolean cancelRequested;
    /** How many of the runtime's bookkeeping registrations (a loop's, a group's) are on this task: no readers. */
    private final AtomicInteger unreadRegistrations = new AtomicInteger();
    /** Whether a request made before the stage was published may interrupt: written before {@link #cancelRequested}. */
    private volatile boolean cancelInterrupting;
    /** The class of the block (a lambda's names its enclosing class), to name the task in a log. */
    private final String blockClass;

    /** A task that starts {@code block} when it is {@linkplain #run() run}, in a copy of the current context. */
    public SpawnedTask(Supplier<? extends CompletionStage<T>> block) {
        this.block = block;
        this.blockClass = block.getClass().getName();
    }

    /** Starts the block, once; a task cancelled before this does nothing. */
    @Override
    public void run() {
        if (!state.compareAndSet(NEW, STARTED)) {
            return;
        }
        Supplier<? extends CompletionStage<T>> start = block;
        block = null;
        TaskContext previous = TaskContext.enter(context);
        CompletableFuture<T> started;
        long startedAt = DebugMode.ENABLED ? System.nanoTime() : 0;
        try {
            started = start(start);
        } finally {
            TaskContext.exit(previous);
        }
        if (DebugMode.ENABLED) { // the task's first step, up to its first suspension, which no resumption times
            DebugMode.firstStepTook(this, System.nanoTime() - startedAt);
        }
        stage = started;
        Failures.relay(started, this);
        // Read after publishing the stage: a concurrent cancel() either saw it or set the flag before this.
        if (cancelRequested) {
            // Read after the flag it was written before: cancel(true) seen. A stage that refuses ends as it will.
            Failures.cancelOrLog(started, cancelInterrupting);
        }
    }

    /**
     * Before the task started: it never will, and this future is cancelled now. After: the request goes to the
     * block's stage, and this future ends as that stage does.
     *
     * @return false if this future has already completed (true if cancelled), else true
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return isCancelled();
        }
        if (state.compareAndSet(NEW, DROPPED)) {
            block = null;
            return super.cancel(mayInterruptIfRunning);
        }
        if (mayInterruptIfRunning) {
            cancelInterrupting = true;
        }
        cancelRequested = true;
        CompletableFuture<?> started = stage;
        if (started != null) {
            Failures.cancelOrLog(started, mayInterruptIfRunning); // a stage that refuses ends as it will
        }
        return true;
    }

    /** The stage the block returned, once the task has started and published it; else null. */
    CompletableFuture<?> stageIfStarted() {
        return stage;
    }

    @Override
    protected String describe() {
        int lambda = blockClass.indexOf("$$Lambda");
        return "a task spawned from " + (lambda > 0 ? blockClass.substring(0, lambda) : blockClass);
    }

    /** The future of {@code block}'s stage; a throw, a null stage or one that cannot be converted, a failed future. */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<T>> block) {
        try {
            CompletionStage<T> stage = block.get();
            if (stage == null) {
                return (CompletableFuture<T>) AwaitSupport.failed(
                        new NullPointerException("the block returned null, not a stage"));
            }
            return (CompletableFuture<T>) AwaitSupport.toFuture(stage);
        } catch (Throwable failure) {
            return (CompletableFuture<T>) AwaitSupport.failed(failure);
        }
    }

    @Override
    public void whenDoneUnread(java.util.function.BiConsumer<? super T, ? super Throwable> action) {
        unreadRegistrations.incrementAndGet();
        super.whenDoneUnread(action);
    }

    @Override
    int unreadDependents() {
        return unreadRegistrations.get();
    }
}
