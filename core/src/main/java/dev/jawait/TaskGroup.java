package dev.jawait;

import dev.jawait.internal.Failures;
import dev.jawait.internal.SpawnedTask;
import dev.jawait.internal.LoopFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Tasks that end together, like Python 3.11's {@code async with TaskGroup()}: open it with try-with-resources in an
 * {@link Async} method and {@link #spawn} tasks into it; leaving the block awaits every task (the group is an {@link
 * AsyncCloseable}).
 * <pre>{@code
 * CompletableFuture<User> user;
 * CompletableFuture<List<Order>> orders;
 * try (TaskGroup group = new TaskGroup()) {
 *     user = group.spawn(() -> fetchUser(id));
 *     orders = group.spawn(() -> fetchOrders(id));
 * }                                      // both have ended here, or the first failure is thrown
 * return completedFuture(new Page(await(user), await(orders)));   // done already: no suspension
 * }</pre>
 * Read the tasks' values with {@code await}, even after they have ended (the awaits do not suspend then): a blocking
 * {@code user.join()} is what jawait's blocking-call check reports in an {@link Async} method. {@code spawn} takes a
 * {@code Supplier} because calling an {@link Async} method starts it at once; the supplier lets the group start it.
 *
 * <ul>
 *   <li>{@link #join()} completes once every task spawned into the group has ended, including tasks spawned by tasks
 *       while the group waits. Leaving the block normally awaits it.
 *   <li>The first task that fails (with anything but a {@code CancellationException}) cancels all the others; {@code
 *       join()} then fails, once they have all stopped, with that first exception, every later failure added to it
 *       as {@linkplain Throwable#getSuppressed() suppressed}. Tasks ending cancelled are not failures. Unlike
 *       Python's, the first failure does not cancel the block itself: a block suspended at an await of something else
 *       goes on until that await ends.
 *   <li>Cancelling the future of {@code join()} (as happens when the call awaiting it is cancelled) cancels every
 *       task; it then ends, once they have all stopped, with a {@code CancellationException} unless some task failed.
 *   <li>Leaving the block by an exception cancels every task still running and waits until they have all stopped;
 *       the block's exception is then thrown, with the tasks' failures suppressed in it (but that exception itself,
 *       if a task failed with it and the block rethrew it).
 *   <li>The group does not read its tasks' failures until its {@code join()} reports them: a group nobody joins
 *       (used without try-with-resources) leaves a failed task's failure to be read through the task's future, and
 *       logged when that is garbage-collected unread, as any dropped task's failure is.
 * </ul>
 *
 * <p>All methods may be called from any thread; the group never blocks a thread.
 */
public final class TaskGroup implements AsyncCloseable {
    private final Object lock = new Object();
    private final Set<CompletableFuture<?>> running = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Throwable> failures = new ArrayList<>();
    /**
     * The exception the block left by, once {@link #closeAsync(Throwable)} was called: the group's own failures go into
     * it as suppressed, so it is left out of them (a task's failure the block rethrew), lest it hold itself.
     */
    private Throwable closedBy;
    /** Set by the first failure, by cancelling join() and by closing after a failure: every task is cancelled. */
    private boolean aborting;
    /** Set once join() has completed: the group takes no more tasks. */
    private boolean ended;
    private Joining joining;
    /** Set by the one thread that completes join(), so that failures are suppressed into the first only once. */
    private boolean finished;
    /**
     * The tasks that failed: the group watches its tasks without reading them, so that a failure nobody reads, through
     * the task's future or the group's join, is logged as any task's is; the join reads them once it reports them.
     */
    private final List<CompletableFuture<?>> failedTasks = new ArrayList<>();

    /** An empty group, open for tasks. */
    public TaskGroup() {
    }

    /**
     * Starts {@code task} in this group, as {@link Tasks#spawn} does (on the current loop at its next turn, or on a
     * common-pool thread), and returns its future. If the group is cancelling its tasks, the task is cancelled at
     * once and never starts.
     *
     * @throws IllegalStateException if the group has ended: its {@code join()} completed
     */
    public <T> CompletableFuture<T> spawn(Supplier<? extends CompletionStage<T>> task) {
        Objects.requireNonNull(task, "task");
        SpawnedTask<T> spawned = new SpawnedTask<>(task);
        boolean cancelAtOnce;
        synchronized (lock) {
            if (ended) {
                throw new IllegalStateException("this TaskGroup has ended (its tasks were joined); it takes no new"
                        + " task");
            }
            running.add(spawned);
            cancelAtOnce = aborting;
        }
        spawned.whenDoneUnread((value, failure) -> ended(spawned, failure));
        if (cancelAtOnce) {
            spawned.cancel(true);
        } else {
            Tasks.schedule(spawned);
        }
        return spawned;
    }

    /**
     * A future that completes once every task of the group has ended, then takes no more tasks; every call returns
     * the same future. It fails with the first failure of a task, the later ones suppressed in it. Cancelling it
     * cancels every task and it ends, once they have stopped, with a {@code CancellationException} if none failed.
     */
    public CompletableFuture<Void> join() {
        Joining done;
        synchronized (lock) {
            if (joining == null) {
                joining = new Joining();
            }
            done = joining;
        }
        finishIfIdle();
        return done;
    }

    /** Leaving a try-with-resources normally: the same as {@link #join()}. */
    @Override
    public CompletionStage<Void> closeAsync() {
        return join();
    }

    /**
     * Leaving a try-with-resources by {@code failure}: cancels every task still running, takes no more, and
     * completes once they have all stopped. What they failed with (beyond being cancelled) is added to {@code
     * failure} as suppressed, so that nothing is lost.
     */
    @Override
    public CompletionStage<Void> closeAsync(Throwable failure) {
        List<CompletableFuture<?>> toCancel;
        synchronized (lock) {
            closedBy = failure;
            toCancel = abort();
        }
        cancelAll(toCancel);
        CompletableFuture<Void> joined = join();
        // Cancelling the close (the call awaiting it is cancelled) must not end it before the tasks have stopped, as a
        // dependent stage's cancel would: it goes to the join, which ends only then.
        CompletableFuture<Void> closed = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return !isDone() && joined.cancel(mayInterruptIfRunning);
            }
        };
        joined.whenComplete((ignored, joinFailure) -> {
            Throwable cause = joinFailure == null ? null : Failures.unwrap(joinFailure);
            if (cause != null && cause != failure && !(cause instanceof CancellationException)) {
                failure.addSuppressed(cause);
            }
            closed.complete(null);
        });
        return closed;
    }

    private void ended(CompletableFuture<?> task, Throwable failure) {
        Throwable cause = failure == null ? null : Failures.unwrap(failure);
        List<CompletableFuture<?>> toCancel = List.of();
        synchronized (lock) {
            running.remove(task);
            if (cause != null && !(cause instanceof CancellationException)) {
                failures.add(cause);
                failedTasks.add(task);
                toCancel = abort();
            }
        }
        cancelAll(toCancel);
        finishIfIdle();
    }

    /** Marks the group as aborting; returns the tasks to cancel (none if it already was). Call holding the lock. */
    private List<CompletableFuture<?>> abort() {
        if (aborting) {
            return List.of();
        }
        aborting = true;
        return new ArrayList<>(running);
    }

    private static void cancelAll(List<CompletableFuture<?>> tasks) {
        for (CompletableFuture<?> task : tasks) {
            task.cancel(true);
        }
    }

    /** Completes join() if it was asked for and no task is left. */
    private void finishIfIdle() {
        Joining done;
        Throwable first = null;
        List<Throwable> later = List.of();
        List<CompletableFuture<?>> failedNow;
        List<Throwable> causes;
        Throwable blockFailure;
        synchronized (lock) {
            if (joining == null || !running.isEmpty() || finished) {
                return;
            }
            finished = true;
            ended = true;
            done = joining;
            failedNow = new ArrayList<>(failedTasks);
            causes = new ArrayList<>(failures); // in the same order
            blockFailure = closedBy;
            List<Throwable> reported = new ArrayList<>(failures);
            reported.removeIf(failure -> failure == closedBy);
            if (!reported.isEmpty()) {
                first = reported.get(0);
                later = reported.subList(1, reported.size());
            }
        }
        done.finish(first, later);
        for (int i = 0; i < failedNow.size(); i++) {
            if (carries(first, blockFailure, causes.get(i))) {
                failedNow.get(i).exceptionally(failure -> null); // read: the join or the block's exception has it
            }
        }
    }

    /**
     * Whether the join's failure {@code first}, or the exception {@code closedBy} the block left by, carries {@code
     * cause}: an exception built with suppression disabled drops what is added to it, and a failure it dropped is left
     * unread, for its task's own log.
     */
    private static boolean carries(Throwable first, Throwable closedBy, Throwable cause) {
        if (cause == first || cause == closedBy) {
            return true;
        }
        return first != null && java.util.Arrays.asList(first.getSuppressed()).contains(cause);
    }

    /** The future of {@link #join()}: cancelling it cancels the group's tasks, and it ends when they have. */
    private final class Joining extends LoopFuture<Void> {
        private volatile boolean cancelRequested;

        @Override
        protected String describe() {
            return "a TaskGroup's join()";
        }

        void finish(Throwable first, List<Throwable> later) {
            if (first != null) {
                for (Throwable failure : later) {
                    if (failure != first) {
                        first.addSuppressed(failure);
                    }
                }
                completeExceptionally(first);
            } else if (cancelRequested) {
                super.cancel(false);
            } else {
                complete(null);
            }
        }

        /**
         * Cancels every task of the group; this future then ends once they have stopped.
         *
         * @return false if this future has already completed (true if cancelled), else true
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) {
                return isCancelled();
            }
            cancelRequested = true;
            List<CompletableFuture<?>> toCancel;
            synchronized (lock) {
                toCancel = abort();
            }
            cancelAll(toCancel);
            finishIfIdle();
            return true;
        }
    }
}
