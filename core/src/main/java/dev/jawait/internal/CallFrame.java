package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The state of one suspended call of a rewritten method, and at the same time the future that call returned to its
 * caller: one object per call, reused by every await of that call. Each rewritten method has a subclass of its own
 * (written by the transformer, defined at the method's first suspension) with exactly the typed fields its awaits
 * spill into, as Kotlin has a continuation class per suspend function: an {@code int} stays an {@code int}, and a
 * method that keeps one value across its awaits has one field. The subclass also re-enters the method's body
 * ({@link #resumeBody}) and names the method ({@link #site}), so neither costs a field per call.
 *
 * <p>Generated code only calls this class; it is public for that reason and is not an API. In particular, callers
 * get it as a plain {@code CompletableFuture}: its {@code Runnable} and {@code LinkedWaiter} sides are the resumption
 * callbacks, and calling them from outside corrupts the call.
 *
 * <p><b>Cancellation</b> is a request delivered at an await, as in asyncio: {@link #cancel} cancels the future the
 * call is suspended on (which, if that is another call's frame, passes the request down the chain), and the call
 * resumes with the {@link java.util.concurrent.CancellationException} thrown from its pending await, inside its own
 * {@code try} blocks. The frame completes only when the body has finished, cleanup included.
 */
public abstract class CallFrame extends TaskFuture<Object> implements LinkedWaiter, Runnable {
    /** Which await of the method the call is suspended at, numbered from 1. */
    public int label;

    /** The task the call belongs to: the context current when it first suspended, made current at each resumption. */
    private final TaskContext context;
    /** Registered thread-bound state captured at the last suspension (see {@link Carriers}); null if none. */
    private Object[] carried;
    /** Volatile because {@link #cancel} reads it from any thread while the call is suspended. */
    private volatile CompletableFuture<?> awaited;
    private static final java.lang.invoke.VarHandle AWAITED;

    static {
        try {
            AWAITED = java.lang.invoke.MethodHandles.lookup().findVarHandle(CallFrame.class, "awaited",
                    CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * Set by {@link #cancel}; cleared once a cancelled await has been handed to the body, so that the awaits of its
     * cleanup run normally. Requests made before that merge into one.
     */
    private volatile boolean cancelRequested;

    /** What the body returned through {@link #returnValue}, for {@link #resume} to complete the frame with. */
    private Object returnedValue;

    public CallFrame() {
        this(ThreadState.current());
    }

    private CallFrame(ThreadState thread) {
        super(thread.loop);
        this.context = thread.context();
    }

    /**
     * Re-enters the method's body at {@link #label}: returns this frame if the body suspended again, else the stage
     * it returned (or {@link #returnValue}'s marker).
     */
    public abstract Object resumeBody();

    /**
     * Where the method is, for async stack traces: {@code class|method|file|line,line,...}, one line per await
     * (label 1 first). A constant of the method's frame class, read only when an await fails or for a dump.
     */
    public abstract String site();

    /**
     * Parks the call on {@code future}. The generated code saves all state before, and only returns this frame
     * after, because the callback may resume the call at once (the future completed meanwhile) or on another thread
     * before this method returns.
     */
    public void suspend(CompletableFuture<?> future) {
        carried = Carriers.capture();
        if (DebugMode.ENABLED) {
            DebugMode.suspended(this);
        }
        awaited = future;
        LinkableFuture.register(future, this);
        // Read after publishing awaited: a concurrent cancel() either saw this future or set the flag before this.
        if (cancelRequested) {
            cancelQuietly(future, false);
        }
    }

    /** The future the call was suspended on; cleared so that the frame does not keep it alive. */
    public CompletableFuture<?> takeAwaited() {
        CompletableFuture<?> future = awaited;
        // A release write, not a volatile one (a fence per resumption): a cancel that still reads the old future
        // cancels a future that is done, which does nothing.
        AWAITED.setRelease(this, null);
        if (cancelRequested && endedCancelled(future)) {
            cancelRequested = false; // delivered: the await about to read this future throws it
        }
        return future;
    }

    /**
     * Asks the call to stop: the future it is suspended on is cancelled ({@code mayInterruptIfRunning} is passed
     * on), and when that future has ended cancelled the body resumes with a {@code CancellationException} thrown from
     * the pending await. A call that is running, or whose awaited future completed before it could be cancelled,
     * gets the request at its next await that suspends; a value that arrived first is never dropped. This future
     * completes only once the body has returned or thrown: {@link #isCancelled()} becomes true then, if the
     * exception escaped the body; a body that catches it and returns completes normally.
     *
     * @return false if the call has already completed (true if it completed cancelled), else true
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return isCancelled();
        }
        cancelRequested = true;
        CompletableFuture<?> future = awaited;
        if (future != null) {
            cancelQuietly(future, mayInterruptIfRunning);
        }
        return true;
    }

    /** Whether {@code future} is done with a cancellation, possibly wrapped by a dependent stage. */
    private static boolean endedCancelled(CompletableFuture<?> future) {
        if (future == null || !future.isCompletedExceptionally()) {
            return false;
        }
        try {
            future.join();
            return false;
        } catch (java.util.concurrent.CancellationException e) {
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return Failures.unwrap(e) instanceof java.util.concurrent.CancellationException;
        }
    }

    private static void cancelQuietly(CompletableFuture<?> future, boolean mayInterruptIfRunning) {
        try {
            future.cancel(mayInterruptIfRunning);
        } catch (RuntimeException refused) {
            // A custom future may refuse; the call then resumes with whatever that future completes with.
            System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                    "jawait: cancelling an awaited future failed", refused);
        }
    }

    /** Called when the awaited future completes, if it is not jawait's own: schedules the resumption. */
    @Override
    public void accept(Object value, Throwable failure) {
        if (failure != null) {
            recordAsyncTrace(Failures.unwrap(failure));
        }
        AwaitSupport.dispatch(this, loop);
    }

    /** Called when the awaited future, one of jawait's own, completes: schedules the resumption. */
    @Override
    public void linkedCompleted(LinkableFuture<?> completed) {
        Throwable failure = completed.failureOnceDone();
        if (failure != null) {
            recordAsyncTrace(failure);
        }
        AwaitSupport.dispatch(this, loop);
    }

    private void recordAsyncTrace(Throwable failure) {
        Site where = Site.of(site());
        dev.jawait.AsyncStackTrace.record(failure, where.className, where.method, where.file, where.line(label));
    }

    /**
     * Resumes the body at {@link #label}, in its task's context and with the thread-bound state carried from where it
     * suspended; completes this future once the body returns instead of suspending.
     */
    @Override
    public void run() {
        resume(ThreadState.current());
    }

    /** As {@link #run()}, on the thread whose state is {@code thread}. */
    void resume(ThreadState thread) {
        Object returned;
        TaskContext previousContext = thread.enter(context);
        Object[] previousState = Carriers.install(carried);
        boolean debug = DebugMode.ENABLED;
        int resumedAt = label;
        long start = 0;
        if (debug) {
            DebugMode.resumed(this);
            start = System.nanoTime();
        }
        try {
            returned = resumeBody();
        } catch (Throwable t) {
            completeExceptionally(t);
            return;
        } finally {
            Carriers.restore(previousState);
            thread.exit(previousContext);
            if (debug) {
                DebugMode.stepTook(this, resumedAt, System.nanoTime() - start);
            }
        }
        if (returned == VALUE_RETURNED) {
            Object value = returnedValue;
            returnedValue = null;
            complete(value);
        } else if (returned != this) {
            AwaitSupport.completeFrom(this, returned);
        }
    }

    /** What the body returns after {@link #returnValue}: its value waits in {@link #returnedValue}. */
    private static final Object VALUE_RETURNED = new Object();

    /**
     * {@code return completedFuture(value)} in the body after a resumption: the frame is completed with {@code value}
     * once the body has returned, without a completed future made only to be read.
     */
    public Object returnValue(Object value) {
        returnedValue = value;
        return VALUE_RETURNED;
    }

    /** {@code class.method (File.java:line)} of the await at {@code atLabel}; the method alone for -1. */
    String location(int atLabel) {
        return Site.of(site()).describe(atLabel);
    }

    Object awaitedForDump() {
        return awaited;
    }

    @Override
    protected String describe() {
        return location(-1);
    }
}
