package dev.jawait;

import dev.jawait.internal.AwaitSupport;
import dev.jawait.internal.BlockingPool;
import dev.jawait.internal.BlockingTask;
import dev.jawait.internal.EventLoop;
import dev.jawait.internal.Failures;
import dev.jawait.internal.Linked;
import dev.jawait.internal.SpawnedTask;
import dev.jawait.internal.TaskContext;
import dev.jawait.internal.TimeoutFuture;
import dev.jawait.internal.Timer;
import dev.jawait.internal.Watch;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Runs, pauses, bounds and combines asynchronous work, after Python's asyncio. */
public final class Tasks {
    private Tasks() {
    }

    /**
     * A future that completes once {@code duration} has passed, without blocking any thread. On an event loop's
     * thread (inside {@link #run}) the loop keeps the time and completes the future on its own thread, so that code
     * awaiting it resumes there; elsewhere one shared timer thread keeps the time and the future completes on a
     * {@link java.util.concurrent.ForkJoinPool#commonPool() common-pool} thread. A zero duration completes at the
     * loop's next turn, or at once outside a loop. Cancelling or completing the future early (an {@code orTimeout},
     * say) drops its timer. A duration over about 146 years (2^62 ns) is taken as that long; the timer orders
     * deadlines by subtraction, which holds only that far apart. Outside a loop, the completions share the common
     * pool: a callback that blocks there delays the sleeps due after it when the pool has no spare thread.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static CompletableFuture<Void> sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep for a negative duration: " + duration);
        }
        return sleepNanos(saturatedNanos(duration));
    }

    /**
     * A future that completes once {@code millis} milliseconds have passed; see {@link #sleep(Duration)}.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static CompletableFuture<Void> sleep(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("cannot sleep for a negative time: " + millis + " ms");
        }
        return sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * A future of the values of all {@code stages}, in argument order, once all have completed; see {@link
     * #gather(Collection)}.
     *
     * @throws NullPointerException at once if the array or any stage is null
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<T>> gather(CompletionStage<? extends T>... stages) {
        return gather(Arrays.asList(stages));
    }

    /**
     * A future of the values of all {@code stages}, in the collection's iteration order, once all have completed. The
     * list is unmodifiable and may hold nulls. As soon as one stage fails, the returned future fails with that
     * stage's own exception (not a {@link java.util.concurrent.CompletionException} around it); the other stages are
     * left running. No stages give a completed empty list. Cancelling the returned future cancels every stage still
     * pending; it then fails with the first exception a stage ends with, a {@code CancellationException} normally.
     *
     * @throws NullPointerException at once if the collection or any stage is null
     */
    public static <T> CompletableFuture<List<T>> gather(Collection<? extends CompletionStage<? extends T>> stages) {
        return new Gathering<List<T>>(Linked.futures("gather", stages), false).result;
    }

    /**
     * A future of how every stage ended, in iteration order, once all have: like asyncio's {@code gather(...,
     * return_exceptions=True)}, it never fails because a stage did. Each {@link Outcome} holds the stage's value or
     * its exception, unwrapped. Cancelling the returned future cancels every stage still pending, and it then
     * completes, normally, once all have ended.
     *
     * @throws NullPointerException at once if the collection or any stage is null
     */
    public static <T> CompletableFuture<List<Outcome<T>>> gatherOutcomes(
            Collection<? extends CompletionStage<? extends T>> stages) {
        return new Gathering<List<Outcome<T>>>(Linked.futures("gatherOutcomes", stages), true).result;
    }

    /**
     * How every stage ended, in argument order, once all have; see {@link #gatherOutcomes(Collection)}. Cancelling
     * the returned future cancels every stage still pending.
     *
     * @throws NullPointerException at once if the array or any stage is null
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<Outcome<T>>> gatherOutcomes(CompletionStage<? extends T>... stages) {
        return gatherOutcomes(Arrays.asList(stages));
    }

    /**
     * A future of the outcome of whichever stage completes first, value or exception (unwrapped); the others are then
     * cancelled, and the returned future does not wait for them to stop. Cancelling the returned future cancels all
     * stages; it then ends as the first of them does. A stage that completed too, before its cancel (a queue's
     * {@code take()} handed an item, an {@code acquire()} a permit), keeps its value in its own future: keep the
     * stages that hand over something, and give back what such a loser got.
     *
     * @throws IllegalArgumentException if there are no stages
     * @throws NullPointerException at once if the collection or any stage is null
     */
    public static <T> CompletableFuture<T> any(Collection<? extends CompletionStage<? extends T>> stages) {
        CompletableFuture<?>[] futures = Linked.futures("any", stages);
        if (futures.length == 0) {
            throw new IllegalArgumentException("any: no stages, so none can complete first");
        }
        Linked<T> result = new Linked<>("any", futures);
        for (CompletableFuture<?> future : futures) {
            future.whenComplete((value, failure) -> {
                @SuppressWarnings("unchecked")
                T typed = (T) value;
                boolean first = failure == null ? result.complete(typed)
                        : result.completeExceptionally(Failures.unwrap(failure));
                if (first) {
                    result.cancelAllBut(future, true);
                }
            });
        }
        return result;
    }

    /** The outcome of whichever stage completes first; see {@link #any(Collection)}. */
    @SafeVarargs
    public static <T> CompletableFuture<T> any(CompletionStage<? extends T>... stages) {
        return any(Arrays.asList(stages));
    }

    /**
     * One future per stage, in the order the stages complete, like asyncio's {@code as_completed}: the first future
     * of the list completes with the outcome (unwrapped) of the first stage to complete, and so on. Loop over it with
     * an await to handle results as they come:
     * <pre>{@code
     * for (CompletableFuture<Page> next : Tasks.asCompleted(fetches)) {
     *     show(await(next));
     * }
     * }</pre>
     * Cancelling one of the returned futures affects neither the stages nor the other futures.
     *
     * @throws NullPointerException at once if the collection or any stage is null
     */
    public static <T> List<CompletableFuture<T>> asCompleted(
            Collection<? extends CompletionStage<? extends T>> stages) {
        return CompletionOrder.of(stages, null);
    }

    /**
     * Like {@link #asCompleted(Collection)}, bounded by {@code timeout} like asyncio's {@code as_completed(timeout=)}:
     * the returned futures that no stage has completed when the timeout passes (measured by {@link #sleep}, so on the
     * current loop's clock) fail with {@link java.util.concurrent.TimeoutException}. The stages are not cancelled
     * and go on; a stage that completes later is ignored. Cancelling one of the returned futures affects neither the
     * stages nor the other futures.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException at once if the collection, any stage or the timeout is null
     */
    public static <T> List<CompletableFuture<T>> asCompleted(
            Collection<? extends CompletionStage<? extends T>> stages, Duration timeout) {
        return CompletionOrder.of(stages, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Waits for {@code stages} until {@code mode} is met, like asyncio's {@code wait}, and gives which of them had
     * completed and which are still pending ({@link WaitResult#done()}, {@link WaitResult#pending()}: the stages
     * passed in, in their order). {@link WaitMode#FIRST_COMPLETED} ends the wait at the first stage to complete,
     * {@link WaitMode#FIRST_EXCEPTION} at the first to fail (cancelled stages do not count) or once all have
     * completed, {@link WaitMode#ALL_COMPLETED} once all have. The returned future never fails because a stage did:
     * read the outcomes from the stages in {@code done()}.
     *
     * <p>Unlike the other combinators, it never cancels a stage, as in asyncio: the stages stay the caller's, who
     * gets the pending ones back to await, cancel or wait for again. Cancelling the returned future just ends the
     * wait (at once, cancelled).
     * <pre>{@code
     * WaitResult<CompletableFuture<Page>> first = await(Tasks.wait(fetches, WaitMode.FIRST_COMPLETED));
     * for (CompletableFuture<Page> slow : first.pending()) {
     *     slow.cancel(true);
     * }
     * }</pre>
     *
     * @param <S> the type of the stages, which the result's lists keep
     * @throws IllegalArgumentException if there are no stages
     * @throws NullPointerException at once if the collection, any stage or the mode is null
     */
    public static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> wait(Collection<S> stages,
            WaitMode mode) {
        return Waiting.start(stages, mode, null);
    }

    /**
     * Like {@link #wait(Collection, WaitMode)}, ending at the latest when {@code timeout} has passed (measured by
     * {@link #sleep}, so on the current loop's clock): the future then completes normally with the stages as they
     * are. As in asyncio, a timeout neither fails the future nor cancels any stage.
     *
     * @throws IllegalArgumentException if there are no stages, or {@code timeout} is negative
     * @throws NullPointerException at once if the collection, any stage, the mode or the timeout is null
     */
    public static <S extends CompletionStage<?>> CompletableFuture<WaitResult<S>> wait(Collection<S> stages,
            WaitMode mode, Duration timeout) {
        return Waiting.start(stages, mode, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Starts {@code task} as a task of its own, like asyncio's {@code create_task}: on an event loop's thread it
     * starts on that loop at its next turn, after the tasks already queued; elsewhere it starts on a {@link
     * java.util.concurrent.ForkJoinPool#commonPool() common-pool} thread. The returned future ends as the stage the
     * task returns (a throw or a null stage fails it). Cancelled before the task started, the task never starts and
     * the future is cancelled at once; cancelled after, the request goes to the task's stage (for an {@link Async}
     * call: delivered at its await) and the future ends as that stage does. A task spawned on a loop and still
     * pending when the loop's {@link #run} ends is cancelled then, and the loop waits for its cleanup.
     */
    public static <T> CompletableFuture<T> spawn(Supplier<? extends CompletionStage<T>> task) {
        Objects.requireNonNull(task, "task");
        SpawnedTask<T> spawned = new SpawnedTask<>(task);
        schedule(spawned);
        return spawned;
    }

    /**
     * Starts {@code task} on the current loop at its next turn, as a task of that loop (cancelled if still pending
     * when {@link #run} ends), or on a common-pool thread outside a loop.
     */
    static void schedule(SpawnedTask<?> task) {
        EventLoop loop = EventLoop.current();
        if (loop != null) {
            loop.spawn(task);
        } else {
            java.util.concurrent.ForkJoinPool.commonPool().execute(task);
        }
    }

    /**
     * A future with the outcome of {@code stage} that cannot pass a cancellation to it, like asyncio's {@code
     * shield}: cancelling the returned future cancels that future alone, at once, and the stage goes on. Await a
     * shielded stage for work that must finish even if the awaiting call is cancelled (a commit, a close).
     */
    public static <T> CompletableFuture<T> shield(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        CompletableFuture<T> shielded = new CompletableFuture<>();
        // Watched until the shielded future ends: cancelled, it is not left on a stage that runs on for long.
        Watch.whenComplete(stage, shielded, Failures.relayTo(shielded));
        return shielded;
    }

    /**
     * Runs blocking code off the event loop, like asyncio's {@code to_thread}: {@code callable} runs on a virtual
     * thread when the JDK has them (21+), else on a bounded pool of daemon threads ("jawait-blocking-N"; system
     * property {@code jawait.blockingThreads}, default 4 per processor and at least 8) that queues what it has no
     * thread for. The future completes with the callable's value or with exactly what it threw; an {@link Async}
     * call awaiting it resumes on its own loop as usual. Cancelling the future completes it at once: a callable not
     * started yet never starts, and {@code cancel(true)} interrupts the thread of one that runs (which may go on
     * until it notices).
     */
    public static <T> CompletableFuture<T> toThread(java.util.concurrent.Callable<? extends T> callable) {
        return toThread(BlockingPool.executor(), callable);
    }

    /**
     * Like {@link #toThread(java.util.concurrent.Callable)}, on {@code executor} (asyncio's {@code
     * run_in_executor}): the callable sees a copy of the caller's task-local values and carried thread state, the
     * future completes with its value or exactly what it threw, and cancelling the future completes it at once: a
     * callable the executor has not started yet never runs, and {@code cancel(true)} interrupts the thread of one
     * that runs.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
     */
    public static <T> CompletableFuture<T> toThread(java.util.concurrent.Executor executor,
            java.util.concurrent.Callable<? extends T> callable) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(callable, "callable");
        BlockingTask<T> task = new BlockingTask<>(callable);
        executor.execute(task);
        return task;
    }

    /**
     * Runs {@code main} on a new event loop bound to the calling thread and returns its result, like Python's {@code
     * asyncio.run}. {@code main.get()} is called on the loop, and so is every task the loop runs: code that awaits
     * there resumes on this thread, and {@link #sleep} uses the loop's timers. The loop runs until the stage {@code
     * main} returned completes, from whichever thread, and then ends as {@code asyncio.run} does:
     * <ol>
     *   <li>every task spawned on the loop ({@link #spawn} or {@link TaskGroup#spawn} called on its thread) that is
     *       still pending is cancelled, and the loop runs on until they have all stopped: their cleanup ({@code
     *       finally} blocks, which may await) runs on this thread. Tasks spawned meanwhile are cancelled in turn. A
     *       task that then ends with a failure other than its cancellation is logged ({@code System.Logger}
     *       "dev.jawait", level ERROR), since nobody is left to read it.
     *   <li>the loop closes: its sleeps still pending are cancelled (a sleep started after this is cancelled at
     *       once), and callbacks still queued run before this method returns; a task one of them spawns is
     *       cancelled before it starts.
     * </ol>
     * So nothing spawned on the loop runs after this method has returned (an interrupted run excepted, below). An
     * {@link Async} call that is no task (started and never awaited) is not cancelled itself, but if it waits on a
     * sleep of the loop it resumes with a {@code CancellationException} there. A task whose cleanup never ends keeps
     * this method from returning, as in asyncio.
     *
     * <p>If {@code main.get()} throws or its stage fails, this throws that exception as it was raised (even a
     * checked one, undeclared), not wrapped in a {@link java.util.concurrent.CompletionException}; if the calling
     * thread is interrupted, it throws {@link InterruptedException}, undeclared too, at the loop's next turn (also on
     * a loop that is never idle, or whose virtual clock always has a sleep to jump to). An interrupted run cancels its
     * tasks without waiting for them to stop.
     *
     * @param <T> the type of the stage's value
     * @param main starts the program's main task, on the loop
     * @return the value the stage completed with
     * @throws IllegalStateException if the calling thread is already running an event loop: blocking it would stop
     *     the loop, so await the stage there instead
     */
    public static <T> T run(Supplier<? extends CompletionStage<T>> main) {
        return run(main, false);
    }

    /**
     * Like {@link #run}, on a loop with a virtual clock, for tests of timeouts, retries and schedules: the clock
     * starts at zero and, whenever the loop has nothing ready to run, jumps straight to the next pending sleep, so
     * {@code sleep(Duration.ofHours(1))} is over at once, and sleeps complete in deadline order, then in the order
     * they were started, on every run. Everything that measures time through {@link #sleep} ({@link #withTimeout},
     * the deadline scopes) follows the virtual clock; {@link #loopTime()} reads it.
     *
     * <p>The clock jumps as soon as the loop is idle, even if another thread is about to complete a future the loop
     * waits for, so the code under test should do its work on the loop (or with futures the test completes there).
     * The loop parks only while no sleep is pending. Sleeps still pending when it ends are cancelled. Failures are
     * thrown as {@link #run} throws them.
     */
    public static <T> T runWithVirtualTime(Supplier<? extends CompletionStage<T>> main) {
        return run(main, true);
    }

    /**
     * How long the current event loop has been running by its own clock: virtual time inside {@link
     * #runWithVirtualTime}, real time inside {@link #run}.
     *
     * @throws IllegalStateException if the calling thread runs no event loop
     */
    public static Duration loopTime() {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException("Tasks.loopTime is only known on an event loop's thread");
        }
        return Duration.ofNanos(loop.elapsedNanos());
    }

    private static <T> T run(Supplier<? extends CompletionStage<T>> main, boolean virtualTime) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.current() != null) {
            throw new IllegalStateException("Tasks.run cannot be called from inside a running event loop: it would"
                    + " block the loop's thread, which the work it waits for may need. Await the stage instead"
                    + " (await(stage) in an @Async method), or spawn it with Tasks.spawn");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            TaskContext context = TaskContext.current().copy();
            EventLoop.run(() -> start(main, result, context), result, virtualTime);
        } catch (InterruptedException interrupted) {
            throw Failures.sneakyThrow(interrupted);
        }
        @SuppressWarnings("unchecked")
        T value = (T) AwaitSupport.resultOf(result);
        return value;
    }

    /**
     * The outcome of {@code stage}, bounded by {@code timeout}, like asyncio's {@code wait_for}. If the stage has not
     * completed when the timeout passes (measured by {@link #sleep}, so on the current loop's clock), it is cancelled
     * and, once it has stopped, the returned future fails with {@link java.util.concurrent.TimeoutException} (its
     * cause is the stage's {@code CancellationException}). If the stage is an {@link Async} call, that means after its
     * {@code finally} blocks have run. A stage that ends any other way, even after the timeout (a value that raced
     * the timer, a failure), gives its own outcome, unwrapped. Cancelling the returned future cancels the stage and
     * the timer; the future then ends as the stage does.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <T> CompletableFuture<T> withTimeout(CompletionStage<T> stage, Duration timeout) {
        Objects.requireNonNull(stage, "stage");
        CompletableFuture<Void> timer = sleep(timeout);
        CompletableFuture<T> work;
        try {
            @SuppressWarnings("unchecked")
            CompletableFuture<T> converted = (CompletableFuture<T>) AwaitSupport.toFuture(stage);
            work = converted;
        } catch (Throwable refused) { // a subclass's toCompletableFuture() may throw a checked exception too
            timer.cancel(false); // not left pending until the deadline
            throw refused;
        }
        return TimeoutFuture.failing(work, timer, timeout);
    }

    /**
     * A deadline scope, like {@code asyncio.timeout}: starts the clock, then runs {@code block} (typically an
     * awaiting lambda, which jawait rewrites as an {@link Async} method) and bounds every await inside it by the one
     * deadline. When the deadline passes, the await the block is suspended at throws {@code CancellationException}
     * inside the block (so its {@code finally} blocks run), the cancellation passes down to whatever that await was
     * waiting for, and once the block has ended this future fails with {@link java.util.concurrent.TimeoutException}.
     * Otherwise the block's own outcome is passed on, as for {@link #withTimeout}.
     *
     * <p>Scopes nest: only the scope whose deadline passed reports a timeout. The blocks of scopes inside it see a
     * {@code CancellationException} (they were cancelled from outside), and a timeout of an inner scope is an
     * ordinary exception at the outer block's await, which it may catch and go on.
     * <pre>{@code
     * String page = await(Tasks.withDeadline(Duration.ofSeconds(5), () -> {
     *     Session session = await(login());
     *     return completedFuture(await(session.fetch(uri)));
     * }), TimeoutException.class);
     * }</pre>
     * A {@code block} that throws instead of returning a stage fails the future with that exception.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <T> CompletableFuture<T> withDeadline(Duration timeout,
            Supplier<? extends CompletionStage<T>> block) {
        Objects.requireNonNull(block, "block"); // before the clock starts, which would stay pending until the deadline
        CompletableFuture<Void> timer = sleep(timeout);
        return TimeoutFuture.failing(SpawnedTask.start(block), timer, timeout);
    }

    /**
     * A deadline scope that gives up quietly, like trio's {@code move_on_after}: as {@link #withDeadline}, except
     * that when the deadline passes first the future completes with {@code fallback} instead of failing.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <T> CompletableFuture<T> moveOnAfter(Duration timeout, T fallback,
            Supplier<? extends CompletionStage<T>> block) {
        Objects.requireNonNull(block, "block"); // before the clock starts, as in withDeadline
        CompletableFuture<Void> timer = sleep(timeout);
        return TimeoutFuture.movingOn(SpawnedTask.start(block), timer, timeout, fallback);
    }

    private static <T> void start(Supplier<? extends CompletionStage<T>> main, CompletableFuture<T> result,
            TaskContext context) {
        CompletionStage<T> stage;
        TaskContext previous = TaskContext.enter(context);
        try {
            stage = main.get();
        } catch (Throwable failure) {
            result.completeExceptionally(failure);
            return;
        } finally {
            TaskContext.exit(previous);
        }
        if (stage == null) {
            result.completeExceptionally(
                    new NullPointerException("the main function given to Tasks.run returned null, not a stage"));
            return;
        }
        Failures.relay(stage, result);
    }

    private static CompletableFuture<Void> sleepNanos(long nanos) {
        EventLoop loop = EventLoop.current();
        if (loop != null) {
            return loop.sleep(nanos);
        }
        return nanos == 0 ? CompletableFuture.completedFuture(null) : Timer.sleep(nanos);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The state of one gather: the values or outcomes so far and how many stages are still to complete. */
    private static final class Gathering<L> {
        private final Linked<L> result;
        private final Object[] slots;
        private final AtomicInteger remaining;
        private final boolean outcomes;

        /** With {@code outcomes}, a failure fills its slot with an {@link Outcome}; without, it fails the result. */
        @SuppressWarnings("unchecked")
        Gathering(CompletableFuture<?>[] stages, boolean outcomes) {
            this.result = new Linked<>(outcomes ? "gatherOutcomes" : "gather", stages);
            this.slots = new Object[stages.length];
            this.remaining = new AtomicInteger(stages.length);
            this.outcomes = outcomes;
            if (stages.length == 0) {
                result.complete((L) List.of());
            }
            for (int i = 0; i < stages.length; i++) {
                stages[i].whenComplete(slot(i));
            }
        }

        @SuppressWarnings("unchecked")
        private BiConsumer<Object, Throwable> slot(int index) {
            return (value, failure) -> {
                if (failure != null && !outcomes) {
                    result.completeExceptionally(Failures.unwrap(failure));
                    return;
                }
                slots[index] = !outcomes ? value
                        : failure == null ? Outcome.success(value) : Outcome.failure(Failures.unwrap(failure));
                // The last decrement sees every slot stored before the others' decrements.
                if (remaining.decrementAndGet() == 0) {
                    result.complete((L) Collections.unmodifiableList(Arrays.asList(slots)));
                }
            };
        }
    }

    /**
     * Every suspended {@code @Async} call: where it is suspended (file and line), what it awaits, for how long, and
     * which calls await it. Needs debug mode ({@code -Djawait.debug=true}, or the agent's {@code debug} option),
     * which keeps the registry; the same text is the {@code dump} operation of the MBean {@code
     * dev.jawait:type=Tasks}, for JConsole or jmxterm.
     */
    public static String dump() {
        return dev.jawait.internal.DebugMode.dump();
    }
}
