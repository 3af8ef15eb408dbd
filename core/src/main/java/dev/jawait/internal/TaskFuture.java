package dev.jawait.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A future that jawait completes: a rewritten call's frame, a spawned task, and the futures of {@code gather},
 * {@code any}, timeouts and task groups. Two things set it apart from a plain {@code CompletableFuture}:
 * <ul>
 *   <li>its failure is never lost: failed with nobody registered on it, and garbage-collected with nobody having
 *       read it since, it is logged ({@link FailureWatch}), as asyncio logs "Task exception was never retrieved";
 *   <li>a blocking wait ({@code join()}, {@code get()}) on the thread of the event loop that has to complete it is
 *       refused at once ({@link LoopDeadlock}) instead of hanging forever.
 * </ul>
 * Reading the outcome in any way (a blocking wait, {@code getNow}, or any dependent stage, which is how an await
 * registers) counts as retrieving it. That costs a registration a read of the waiter slot (and a CAS, for the
 * first), and a blocking or instant read one read, on the success path; the watch itself is made only when the
 * future fails with nobody registered. Java 12's {@code exceptionallyAsync} and {@code
 * exceptionallyCompose} are not counted (this class is compiled for Java 11).
 */
public abstract class TaskFuture<T> extends LinkableFuture<T> {
    private static final VarHandle STATE;
    /** {@link #state} when the failure was read before the failing thread recorded it: nothing to watch. */
    private static final Object FAILURE_READ = new Object();

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TaskFuture.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One field for what this future knows of its own failure, so that a call's frame pays four bytes for it:
     * <ul>
     *   <li>once failed: the exception as raised (for an await to rethrow without {@code join()}'s {@code
     *       CompletionException}, a throwable with a stack trace filled in), or the {@link FailureWatch} that logs it
     *       unless someone reads it; {@link #FAILURE_READ} if a reader came before the failing thread recorded it;
     *   <li>before that, null, or whatever a subclass keeps while pending ({@link CallFrame}: the future it awaits
     *       and a cancellation request), which {@link #mayReplace} says the failure may replace;
     *   <li>for a call's frame that handed its value to its caller instead of completing, that value, for good.
     * </ul>
     * Whether anybody registered before the failure is not kept here: the waiter slot tells ({@link #hasReaders}).
     */
    @SuppressWarnings("unused") // through STATE
    private volatile Object state;

    /** The loop that completes this future (the call resumes there, the task runs there); null outside a loop. */
    protected abstract EventLoop loop();

    /** What this future is, for the log of a failure nobody retrieved: the call's method, the task, the gather. */
    protected abstract String describe();

    /**
     * Whether the log names where the failure was thrown as well: read from its stack trace only when logging, since
     * at the failure the stack may be nearly full (an overflow), and a stack trace's first read loads classes.
     */
    boolean describedByItsThrow() {
        return false;
    }

    final Object state() {
        return state;
    }

    final boolean compareAndSetState(Object expected, Object next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Sets the state of a future nobody else has yet: a plain write, published with the future. */
    final void initState(Object first) {
        STATE.set(this, first);
    }

    /**
     * Forgets a pending subclass state when the future is about to complete: a release write, since a cancel racing
     * with it no longer matters.
     */
    final void clearState() {
        STATE.setRelease(this, null);
    }

    /**
     * Leaves {@code last} in the state of a future whose pending state is over and that will not complete (a call
     * that handed its value to its caller): a release write, as {@link #clearState}'s.
     */
    final void leaveState(Object last) {
        STATE.setRelease(this, last);
    }

    /** Whether a pending subclass state may give way to the failure's record; a future it still awaits may not. */
    boolean mayReplace(Object pending) {
        return false;
    }

    /** The exception as raised, if {@code recorded} is a failure's record; else null. */
    private static Throwable raisedIn(Object recorded) {
        if (recorded instanceof Throwable) {
            return (Throwable) recorded;
        }
        return recorded instanceof FailureWatch ? ((FailureWatch) recorded).raised() : null;
    }

    /**
     * The exception this future failed with, as raised, if it has failed and the failure is at hand; else null. An
     * await of a jawait future reads its failure through this (counted as reading it), and falls back to {@code
     * join()} on null.
     */
    Throwable failureIfFailed() {
        if (!isCompletedExceptionally()) {
            return null;
        }
        Throwable raised = raisedIn(state);
        if (raised != null) {
            failureRead();
        }
        return raised;
    }

    /**
     * Records the failure, with a watch if nobody has registered or read it: one CAS, so that a reader racing the
     * failing thread either comes first (and leaves {@link #FAILURE_READ}) or finds the watch and marks it.
     */
    @Override
    void failed(Throwable failure) {
        Throwable raised = Failures.unwrap(failure);
        boolean unread = !hasReaders() && !(raised instanceof java.util.concurrent.CancellationException);
        FailureWatch armed = null;
        boolean watched = false;
        for (;;) {
            Object now = state;
            if (now != null && now != FAILURE_READ && !mayReplace(now)) {
                watched = false; // failed from outside while awaiting: readers fall back to join()
                break;
            }
            watched = unread && now != FAILURE_READ;
            if (watched && armed == null) {
                armed = FailureWatch.watch(this, describe(), describedByItsThrow(), failure);
            }
            if (STATE.compareAndSet(this, now, watched ? armed : raised)) {
                break;
            }
        }
        if (armed != null && !watched) {
            armed.retrieved = true; // made before a reader came, or not recorded: must not log
        }
    }

    /** As read by a linked waiter, which counts as reading the failure. */
    @Override
    Throwable failureOnceDone() {
        Throwable raised = raisedIn(state);
        if (raised == null) {
            return super.failureOnceDone();
        }
        failureRead();
        return raised;
    }

    /** Whether a failure is being watched that nobody has read: jawait-stress's jcstress tests read it. */
    boolean failureWouldBeLogged() {
        Object now = state;
        return now instanceof FailureWatch && !((FailureWatch) now).retrieved;
    }

    /**
     * After a registration: one that found this future failed will be given the failure, and may have come too late
     * for the failing thread to see its mark.
     */
    private <X> X retrieved(X result) {
        if (isCompletedExceptionally()) {
            failureRead();
        }
        return result;
    }

    /** The failure was read after it happened: tells the watch, armed now or about to be. */
    private void failureRead() {
        for (;;) {
            Object now = state;
            if (now instanceof FailureWatch) {
                ((FailureWatch) now).retrieved = true;
                return;
            }
            if (now != null && !mayReplace(now)) {
                return; // recorded, read already, or still awaiting
            }
            if (STATE.compareAndSet(this, now, FAILURE_READ)) {
                return;
            }
        }
    }

    /**
     * Waits for the outcome, as {@code CompletableFuture.join} does.
     *
     * @throws IllegalStateException if this future is pending and this is the thread of the event loop that has to
     *     complete it, which could never do so while blocked here
     */
    @Override
    public T join() {
        beforeBlockingWait("join()");
        try {
            return super.join();
        } catch (CompletionException failed) {
            failureRead();
            throw failed;
        }
    }

    /** As {@link #join()}, refused on the thread of the owning loop while pending. */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        beforeBlockingWait("get()");
        try {
            return super.get();
        } catch (ExecutionException failed) {
            failureRead();
            throw failed;
        }
    }

    /** As {@link #join()}, refused on the thread of the owning loop while pending. */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        beforeBlockingWait("get(timeout)");
        try {
            return super.get(timeout, unit);
        } catch (ExecutionException failed) {
            failureRead();
            throw failed;
        }
    }

    /**
     * The futures this one ends as, if it is a combinator (a timeout's work, a gather's inputs): a blocking wait
     * follows them to the calls it waits on ({@link CallFrame#callsAwaitedBy}). None unless overridden.
     */
    java.util.List<CompletableFuture<?>> endsAs() {
        return java.util.List.of();
    }

    /**
     * What every blocking wait does first: refuses one on the owning loop's thread ({@link LoopDeadlock}), then, if
     * this future is pending, runs the resumptions it waits on that this thread has queued ({@link
     * Trampoline#runQueuedCallsItAwaitsBeforeBlocking}), even on an interrupted thread: plain code would have run them
     * already, and a {@code get()} of a future they complete returns its value, interrupted or not.
     */
    private void beforeBlockingWait(String call) {
        LoopDeadlock.refuseBlockingWait(this, loop(), call);
        if (!isDone()) {
            Trampoline.runQueuedCallsItAwaitsBeforeBlocking(this);
        }
    }

    /**
     * What an await reads: the value, or {@code absent} if still pending; a failure is thrown as raised (counted as
     * read). Final, and reading through {@code super}, so that the await's call sites, which see the frame classes of
     * many methods, need no virtual call.
     */
    @SuppressWarnings("unchecked")
    final Object outcomeNow(Object absent) {
        Throwable raised = failureIfFailed();
        if (raised != null) {
            throw Failures.sneakyThrow(raised);
        }
        try {
            return super.getNow((T) absent);
        } catch (CompletionException | java.util.concurrent.CancellationException failed) {
            failureRead();
            throw Failures.sneakyThrow(Failures.heldBy(failed));
        }
    }

    /** The fast path of an await reads a failed call's failure by this throw. */
    @Override
    public T getNow(T valueIfAbsent) {
        try {
            return super.getNow(valueIfAbsent);
        } catch (CompletionException failed) {
            failureRead();
            throw failed;
        }
    }

    /** A reader like any other stage method (the JDK's relay reads the outcome without calling one). */
    @Override
    public java.util.concurrent.CompletionStage<T> minimalCompletionStage() {
        registering();
        return retrieved(super.minimalCompletionStage());
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        registering();
        return retrieved(super.thenApply(fn));
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        registering();
        return retrieved(super.thenApplyAsync(fn));
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        registering();
        return retrieved(super.thenApplyAsync(fn, executor));
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        registering();
        return retrieved(super.thenAccept(action));
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        registering();
        return retrieved(super.thenAcceptAsync(action));
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        registering();
        return retrieved(super.thenAcceptAsync(action, executor));
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        registering();
        return retrieved(super.thenRun(action));
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action) {
        registering();
        return retrieved(super.thenRunAsync(action));
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        registering();
        return retrieved(super.thenRunAsync(action, executor));
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        registering();
        return retrieved(super.thenCombine(other, fn));
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        registering();
        return retrieved(super.thenCombineAsync(other, fn));
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        registering();
        return retrieved(super.thenCombineAsync(other, fn, executor));
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        registering();
        return retrieved(super.thenAcceptBoth(other, action));
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        registering();
        return retrieved(super.thenAcceptBothAsync(other, action));
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        registering();
        return retrieved(super.thenAcceptBothAsync(other, action, executor));
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        registering();
        return retrieved(super.runAfterBoth(other, action));
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        registering();
        return retrieved(super.runAfterBothAsync(other, action));
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        registering();
        return retrieved(super.runAfterBothAsync(other, action, executor));
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        registering();
        return retrieved(super.applyToEither(other, fn));
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        registering();
        return retrieved(super.applyToEitherAsync(other, fn));
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        registering();
        return retrieved(super.applyToEitherAsync(other, fn, executor));
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        registering();
        return retrieved(super.acceptEither(other, action));
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        registering();
        return retrieved(super.acceptEitherAsync(other, action));
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        registering();
        return retrieved(super.acceptEitherAsync(other, action, executor));
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        registering();
        return retrieved(super.runAfterEither(other, action));
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        registering();
        return retrieved(super.runAfterEitherAsync(other, action));
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        registering();
        return retrieved(super.runAfterEitherAsync(other, action, executor));
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        registering();
        return retrieved(super.thenCompose(fn));
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        registering();
        return retrieved(super.thenComposeAsync(fn));
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        registering();
        return retrieved(super.thenComposeAsync(fn, executor));
    }

    /**
     * Runs {@code action} once this future is done, without counting as a reader of its failure: for the runtime's
     * bookkeeping (a loop's set of its tasks, a task group's), which must not keep an unretrieved failure from being
     * logged. Only a {@link SpawnedTask} counts such registrations, which its failure's watch must know of: that is
     * where it is public, for {@code TaskGroup}.
     */
    void whenDoneUnread(BiConsumer<? super T, ? super Throwable> action) {
        super.whenComplete(action);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        registering();
        return retrieved(super.whenComplete(action));
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        registering();
        return retrieved(super.whenCompleteAsync(action));
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        registering();
        return retrieved(super.whenCompleteAsync(action, executor));
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        registering();
        return retrieved(super.handle(fn));
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        registering();
        return retrieved(super.handleAsync(fn));
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        registering();
        return retrieved(super.handleAsync(fn, executor));
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        registering();
        return retrieved(super.exceptionally(fn));
    }

    @Override
    public CompletableFuture<T> copy() {
        registering();
        return retrieved(super.copy());
    }

}
