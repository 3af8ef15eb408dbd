package dev.jawait.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The state of one suspended call of a rewritten method, and at the same time the future that call returned to its
 * caller: one object per call, reused by every await of that call. Each rewritten method has a subclass of its own
 * (written by the transformer, defined at the method's first suspension) with exactly the typed fields its awaits
 * spill into, as Kotlin has a continuation class per suspend function: an {@code int} stays an {@code int}, and a
 * method that keeps one value across its awaits has one field. The subclass also re-enters the method's body
 * ({@link #resumeBody}) and names the method ({@link #site}), so neither costs a field per call.
 *
 * <p>Generated code only calls this class; it is public for that reason and is not an API. In particular, callers
 * get it as a plain {@code CompletableFuture}: its {@code Runnable}, {@code LinkedWaiter} and {@code Executor} sides
 * are the resumption callbacks, and calling them from outside corrupts the call.
 *
 * <p><b>Cancellation</b> is a request delivered at an await, as in asyncio: {@link #cancel} cancels the future the
 * call is suspended on (which, if that is another call's frame, passes the request down the chain), and the call
 * resumes with the {@link java.util.concurrent.CancellationException} thrown from its pending await, inside its own
 * {@code try} blocks. The frame completes only when the body has finished, cleanup included; a call awaited by the
 * one caller linked to it exclusively hands that caller its value instead, and is never completed ({@link #handTo}).
 */
public abstract class CallFrame extends TaskFuture<Object> implements LinkedWaiter, Runnable, Executor {
    // The frame's state (TaskFuture.state): null while the call runs before its first suspension; once it has
    // suspended, the future it awaits (or last awaited, while it runs), or a CancelledAwait for it while a
    // cancellation is pending (for no future, if the request came before any await). The body's end clears it, and
    // the failure's record may then replace it, or a value handed to the caller (handTo) does.

    /**
     * Which await of the method the call is suspended at, numbered from 1; while it is suspended, possibly with
     * {@link #DEFERRED} or {@link #EXCLUSIVE_WAITER} set as well (see {@link #awaitNumber}). Both are clear whenever
     * the body reads it, on resuming.
     */
    public int label;

    /**
     * In {@link #label}: the call suspended through its inner entry ({@link #suspendDeferred}) and has not registered
     * on what it awaits, so only the caller it returned to can reach it. Cleared when its chain is registered, which
     * is before anyone else can reach it.
     */
    private static final int DEFERRED = 1 << 30;
    /**
     * In {@link #label}: the call is linked to a callee that had {@link #DEFERRED}, by a plain write made before
     * anyone else could reach the callee, so the callee's completion is the only thread that looks at the link and
     * takes this call without a CAS ({@link #takeIfExclusive}).
     */
    private static final int EXCLUSIVE_WAITER = 1 << 29;
    /**
     * In {@link #label}: the body has returned, and its value was handed to the one caller linked to it exclusively,
     * in the {@linkplain #state() state}, instead of completing this future (see {@link #handTo}).
     */
    private static final int HANDED = 1 << 28;
    private static final int AWAIT_NUMBER = HANDED - 1;
    /** For {@link #EXCLUSIVE_WAITER}: set after the state names the callee, read before the state (see there). */
    private static final VarHandle LABEL;

    static {
        try {
            LABEL = MethodHandles.lookup().findVarHandle(CallFrame.class, "label", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The loop the call resumes on, its task's context (current at its first suspension, made current at each
     * resumption), and the thread-bound state captured at the last suspension: shared with the task's other calls.
     * Set by the first suspension, which is where the frame is made.
     */
    private Ambient ambient;

    /**
     * Re-enters the method's body at {@link #label}: returns this frame if the body suspended again, else the stage
     * it returned, or the value of its {@code return completedFuture(value)} (see {@link #returnValue}).
     */
    public abstract Object resumeBody();

    /**
     * Where the method is, for async stack traces: {@code class|method|file|line,line,...}, one line per await
     * (label 1 first). A constant of the method's frame class, read only when an await fails or for a dump.
     */
    public abstract String site();

    /**
     * Field {@code index} of the method's frame class, boxed (an {@code int} field as an {@code Integer}, a
     * {@code long} as a {@code Long}): for the task dump, which learns from {@link #site} which variable each field
     * holds at each await. Null for an index the frame has no field for, and for frames that record no variables.
     */
    public Object spilledValue(int index) {
        return null;
    }

    @Override
    protected final EventLoop loop() {
        Ambient now = ambient;
        return now == null ? null : now.loop; // null before the first suspension (a format-2 frame is made earlier)
    }

    /** What {@code frame} resumes with, as seen from another thread: null if it has not suspended yet. */
    static Ambient ambientOf(CallFrame frame) {
        return frame.ambient;
    }

    /**
     * Parks the call on {@code future}. The generated code saves all state before, and only returns this frame
     * after, because the callback may resume the call at once (the future completed meanwhile) or on another thread
     * before this method returns. A callee that suspended through its inner entry ({@link #suspendDeferred}) is
     * linked to with a plain write, and its chain is registered here, once.
     */
    public void suspend(CompletableFuture<?> future) {
        CallFrame deferred = deferredCall(future);
        CancelledAwait cancelled = park(future, deferred, state() == null);
        LaterCall later = null;
        if (deferred != null) {
            linkExclusively(deferred);
            later = registerChain(deferred);
        } else if (!LinkableFuture.linkDirectly(future, this)) {
            // registerOn written out, one call level less (see registerOn)
            if (future.getClass() == CompletableFuture.class) {
                future.whenCompleteAsync(this, this);
            } else {
                future.whenComplete(this);
            }
            dropClaimedCompletion(future);
        }
        if (cancelled != null || later != null) { // rarely: out of line, to keep this path small (see Trampoline)
            afterSuspending(cancelled, later);
        }
    }

    /** Passes down a cancellation held for this await, then makes the call the chain awaits, if deferred. */
    private void afterSuspending(CancelledAwait cancelled, LaterCall later) {
        try {
            if (cancelled != null) {
                passDownHeld(cancelled);
            }
        } finally {
            LaterCall.start(later); // linked to, so made whatever happens
        }
    }

    /**
     * Parks the call on {@code future} without registering on it: the first run of a call made through the method's
     * inner entry, which the transformer calls only where an await takes that direct call's future, so that nobody
     * but the caller it returns to can reach this frame. That caller links itself with a plain write, and the first
     * caller up the chain that suspends with {@link #suspend} registers the chain once, at its innermost call: a chain
     * of calls suspending together pays no atomic operation per level to link, nor (see {@link #takeIfExclusive}) to
     * take a caller when a level ends, nor to complete the level ({@link #handTo}).
     */
    public void suspendDeferred(CompletableFuture<?> future) {
        CallFrame deferred = deferredCall(future);
        park(future, deferred, true); // a first run: no cancellation can be pending
        if (deferred != null) {
            linkExclusively(deferred);
        }
        label |= DEFERRED;
    }

    /**
     * What a suspend path calls when it fails before it suspends (its frame could not be made: out of memory, or a
     * frame class that does not load) and {@code future} may be a callee suspended through its inner entry: only
     * this caller, or one above it, would have registered that callee's chain, and the failure goes up as a failed
     * future, which nobody links to; so the chain is registered now, and still runs to its end.
     */
    public static void registerAbandoned(CompletableFuture<?> future) {
        CallFrame deferred = deferredCall(future);
        LaterCall.start(deferred != null ? registerChain(deferred) : future);
    }

    /**
     * What a suspension does before it publishes the call (by registering it, or by linking a caller to it): takes
     * what the call resumes with (its loop and task, kept from an earlier suspension, else the suspending thread's,
     * carrying the registered carriers' state, captured now), and publishes {@code future} in its state; returns the
     * cancellation pending for it, if any. If any of it fails (a carrier's capture throws, or memory runs out), the
     * callee's chain ({@code deferred}, if any) is registered before the failure goes on, so that it still runs to its
     * end.
     *
     * @param first whether this is the call's first suspension: nobody else has the frame yet
     */
    private CancelledAwait park(CompletableFuture<?> future, CallFrame deferred, boolean first) {
        try {
            Ambient was = ambient;
            Ambient next = (was != null ? was : ThreadState.of(future).ambient()).carrying(Carriers.capture());
            if (next != was) { // usually the same: a store of a reference field costs the collector's barriers
                ambient = next;
            }
            if (DebugMode.ENABLED) {
                DebugMode.suspended(this);
            }
            // Published before registering, so that a cancel from now on finds the future. At the first suspension
            // nobody else has the frame yet (the registration publishes it), so no cancel can race with a plain write.
            if (first) {
                initState(future);
                return null;
            }
            return publishCancelled(future);
        } catch (Throwable e) { // a carrier's capture may throw a checked exception too
            try {
                LaterCall.start(deferred != null ? registerChain(deferred) : future);
            } catch (Throwable also) {
                Failures.suppress(e, also); // the first failure is the one to report
            }
            throw e;
        }
    }

    /** {@code future} as a call suspended through its inner entry whose chain is not registered yet; else null. */
    private static CallFrame deferredCall(Object future) {
        return future instanceof CallFrame && (((CallFrame) future).label & DEFERRED) != 0 ? (CallFrame) future : null;
    }

    /**
     * Links this call to {@code callee}, which only this call can reach yet: a plain write. The mark is released
     * after the state names the callee, so that whoever sees the mark sees that state too ({@link #takeIfExclusive}).
     */
    private void linkExclusively(CallFrame callee) {
        LABEL.setRelease(this, label | EXCLUSIVE_WAITER);
        callee.linkUnreachable(this);
    }

    /**
     * Registers the chain of calls suspended through their inner entries below and including {@code top} (null:
     * none): clears their marks, then registers the innermost on what it awaits, which publishes them all. From then
     * on its completion resumes the chain upwards, possibly at once, on this thread. When the caller suspending here
     * is a resumed call, others can reach it already, and a cancel may be passing down the chain meanwhile: each
     * level's state is then its awaited future inside a {@link CancelledAwait}. Also called when the caller fails
     * on its way to suspending, so that the chain it holds still runs to its end. Returns the call the innermost
     * awaits if that is a {@link LaterCall}, linked to but not made yet: the caller makes it ({@link LaterCall#start})
     * once it has done with suspending.
     */
    private static LaterCall registerChain(CallFrame top) {
        if (top == null) {
            return null;
        }
        CallFrame innermost = top;
        for (;;) {
            innermost.label &= ~DEFERRED;
            CallFrame below = deferredCall(awaitedIn(innermost.state()));
            if (below == null) {
                break;
            }
            innermost = below;
        }
        CompletableFuture<?> awaited = awaitedIn(innermost.state());
        LaterCall later = awaited instanceof LaterCall ? (LaterCall) awaited : null;
        if (LinkableFuture.linkDirectly(awaited, innermost)) {
            return later; // a failure of the wake-up, after linking, is not a refusal: it goes on
        }
        try {
            innermost.registerOn(awaited);
        } catch (Throwable refused) { // a subclass's registration may throw a checked exception too
            innermost.resumeFailing(refused);
            return null;
        }
        dropClaimedCompletion(awaited);
        return later;
    }

    /**
     * For a {@link LaterCall}, made by the runtime: resumes on the loop and in the task context of the calling thread
     * (its caller's), carrying the thread state its caller would.
     */
    final void captureCallersAmbient() {
        ambient = ThreadState.current().ambient().carrying(Carriers.capture());
    }

    /**
     * Runs the call's first step where a resumption of it would run, on its loop; off any loop, now, with what it
     * leads to on this thread ({@link Trampoline#runToEnd}).
     */
    final void startHere() {
        Ambient in = ambient;
        if (Trampoline.resumesOffLoop(in.loop)) {
            Trampoline.runToEnd(this, in);
        } else {
            in.loop.execute(this);
        }
    }

    /**
     * Registers the call on {@code awaited}, which is not jawait's own or has its one link taken. A plain {@code
     * CompletableFuture} gets this frame as the executor of {@code whenCompleteAsync}: the JDK hands the executor the
     * completion it claimed once the future completed ({@link #execute}), and the frame resumes from there without
     * running it, so the dependent future that every registration makes is never completed, one CAS fewer per await
     * than {@code whenComplete}. Any other future (a subclass may run its callbacks its own way) gets {@code
     * whenComplete}. {@link #suspend} repeats these lines rather than call this method: a call level less on the path
     * from a completion through the resumed body to its next registration keeps that path within the depth to which
     * C2 inlines (see {@link Trampoline#dispatch}).
     */
    private void registerOn(CompletableFuture<?> awaited) {
        if (awaited.getClass() == CompletableFuture.class) {
            awaited.whenCompleteAsync(this, this);
        } else {
            awaited.whenComplete(this);
        }
    }

    /**
     * After {@link #registerOn} (or its copy in {@link #suspend}): if the plain future completed while the completion
     * was being pushed, after its completer had emptied its stack, the registering thread claimed the completion itself
     * and left it on the stack, frame and all, for as long as the future lives (running it would have cleaned up).
     * {@code complete} of a done future changes nothing but empties the stack, running what else is on it here, as
     * {@code whenComplete}'s own clean-up does in that race. Only a race gets here: the await looked before suspending.
     */
    private static void dropClaimedCompletion(CompletableFuture<?> awaited) {
        if (awaited.getClass() != CompletableFuture.class || !awaited.isDone()) {
            return;
        }
        try {
            awaited.complete(null);
        } catch (RuntimeException | Error e) {
            // The call is registered, and resumes; only the clean-up failed (callbacks of others catch their own).
            System.getLogger("dev.jawait").log(System.Logger.Level.ERROR, "jawait: a future's clean-up failed", e);
        }
    }

    /**
     * The chain below this call could not be registered: the awaited future's registration threw (a subclass
     * of the program's own, or memory ran out), which says it did not register. This call, its innermost, resumes
     * with that failure thrown by its await, and each level above sees it at its own await, as each would had it
     * registered itself: the chain still runs to its end, its {@code finally} blocks included, and a caller linked to
     * it resumes too. A cancellation pending stays pending, for the next await that suspends.
     */
    private void resumeFailing(Throwable refused) {
        failAtPendingAwait(refused);
        Trampoline.dispatch(this, ambient);
    }

    /**
     * Makes the pending await throw {@code failure} when the body resumes. A cancel passing down the chain, or
     * requested meanwhile, stays pending, for the next await.
     */
    private void failAtPendingAwait(Throwable failure) {
        CompletableFuture<?> failed = new CompletableFuture<>();
        failed.completeExceptionally(failure);
        publishCancelled(failed); // a plain future: the await records its async trace as it takes it (takeOutcome)
    }

    /**
     * The future {@code state} says the call awaits, with a cancellation pending or not; null if it names none (a
     * request to cancel a call that has not suspended, or a failure's record).
     */
    private static CompletableFuture<?> awaitedIn(Object state) {
        if (state instanceof CancelledAwait) {
            return ((CancelledAwait) state).future;
        }
        return state instanceof CompletableFuture ? (CompletableFuture<?>) state : null;
    }

    /**
     * Whether this call was linked to {@code callee} by {@link #linkExclusively}; if so, it is taken now, by the
     * callee's end (its completion, or its value handed over), the one thread that looks at that link, and its mark
     * is cleared for the body to read its label. The mark alone does not say which callee: a thread that read this
     * call in the slot of a future it awaited earlier, and was slower to take it than another thread that woke it (it
     * may have linked itself exclusively to another callee since), must not take it again, so the call must also be
     * suspended on {@code callee}.
     */
    final boolean takeIfExclusive(LinkableFuture<?> callee) {
        int now = (int) LABEL.getAcquire(this); // before the state: a mark seen with an older state would pass
        if ((now & EXCLUSIVE_WAITER) == 0 || !isSuspendedOn(callee)) {
            return false;
        }
        label = now & ~EXCLUSIVE_WAITER;
        return true;
    }

    /** Whether the call's state says it awaits {@code future}, with a cancellation pending or not. */
    private boolean isSuspendedOn(CompletableFuture<?> future) {
        Object now = state();
        return now == future || awaitedIn(now) == future;
    }

    /** The await the call is suspended at, numbered from 1, without the marks {@link #label} may carry meanwhile. */
    final int awaitNumber() {
        return label & AWAIT_NUMBER;
    }

    /**
     * Publishes {@code future} as awaited, with a cancellation if one is pending (which then goes to {@code future},
     * interrupting or not as it was requested); returns that cancellation, else null.
     */
    private CancelledAwait publishCancelled(CompletableFuture<?> future) {
        for (;;) {
            Object now = state();
            CancelledAwait cancelled = now instanceof CancelledAwait ? ((CancelledAwait) now).movedTo(future) : null;
            if (compareAndSetState(now, cancelled != null ? cancelled : future)) {
                return cancelled;
            }
        }
    }

    /**
     * The outcome of the await the call resumes at: its value, or its original exception thrown as raised. What the
     * resume body calls where the await was, inside the method's own try blocks, so that a failure throws at the
     * await. A plain {@code CompletableFuture}'s outcome is read once, and a failure gets this await in its async
     * trace as it is thrown here; jawait's own futures and other subclasses recorded it when they woke the call
     * ({@link #linkedCompleted}, {@link #accept}), so each failure is recorded once.
     */
    public Object takeOutcome() {
        CompletableFuture<?> awaited = takeFuture();
        try {
            return AwaitSupport.resultOf(awaited);
        } catch (Throwable failure) {
            if (awaited.getClass() == CompletableFuture.class) {
                recordAsyncTraceQuietly(failure);
            }
            throw failure;
        }
    }

    /**
     * The future {@link #takeOutcome} takes, a plain one's failure recorded in its async trace here: what the resume
     * body of a class rewritten before {@code takeOutcome} existed calls, then reading the future itself ({@link
     * AwaitSupport#resultOf}), and what a refused installation of carried state suppresses ({@link #installCarried}).
     */
    public CompletableFuture<?> takeAwaited() {
        CompletableFuture<?> awaited = takeFuture();
        if (awaited != null && awaited.getClass() == CompletableFuture.class) {
            Throwable failure = Failures.failureOf(awaited);
            if (failure != null) {
                recordAsyncTraceQuietly(failure);
            }
        }
        return awaited;
    }

    /**
     * The future the call was suspended on. It stays in the frame until the next suspension or the end of the body,
     * so that a resumption writes nothing that a cancel could race with: a cancel finding it done cancels nothing
     * and leaves its request for the next await. A cancellation is delivered by the await about to read the future if
     * it ended that future, or if the call that future is delivered it at one of its own awaits (and caught it); one
     * that came too late for either stays requested, for the next await that suspends (a value that arrived first is
     * never dropped).
     */
    private CompletableFuture<?> takeFuture() {
        Object now = state();
        if (!(now instanceof CancelledAwait)) {
            return (CompletableFuture<?>) now;
        }
        CancelledAwait held = (CancelledAwait) now;
        if (endedCancelled(held.future) || held.handOff.deliveredBelow()) {
            letGo(held);
        }
        return held.future;
    }

    /**
     * The request {@code held} was delivered: the awaits that follow run normally. A request merged into it meanwhile
     * ({@code cancel(true)} after {@code cancel(false)}) replaced the state with one for the same future and request:
     * delivered with it.
     */
    private void letGo(CancelledAwait held) {
        // Marked first: a cancel that merges into the request before the state lets it go merges into one delivered,
        // and a cancel that makes a new request after it must find this one delivered, not take both for pending.
        held.request.delivered = true;
        Object now = held;
        while (!compareAndSetState(now, held.future)) {
            now = state();
            if (!(now instanceof CancelledAwait) || ((CancelledAwait) now).request != held.request) {
                return; // only a merged copy of the same request can replace it: never taken, kept as a guard
            }
        }
    }

    @Override
    boolean mayReplace(Object pending) {
        return pending instanceof CancelledAwait && ((CancelledAwait) pending).future == null;
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
        for (;;) {
            Object requested = requestCancel(mayInterruptIfRunning);
            if (!(requested instanceof CancelledAwait)) {
                return (Boolean) requested;
            }
            if (passDown((CancelledAwait) requested, mayInterruptIfRunning)) {
                return true;
            }
            // A level was letting go of a request, delivered below, that this one had merged into: made again. That
            // level's thread is in letGo, a few writes that call nothing else, so the retries end once it is through.
            Thread.onSpinWait();
        }
    }

    /**
     * After a suspension published {@code cancelled}, a request held for the call's next await: it goes down to the
     * awaited future, as a cancel of this call would send it.
     */
    private void passDownHeld(CancelledAwait cancelled) {
        if (!passDown(cancelled, cancelled.interrupting)) {
            cancel(cancelled.interrupting);
        }
    }

    /**
     * Passes a request held at one level ({@code held}) down a chain of calls: each level's request is made here in
     * turn instead of by the level above calling the next one's cancel, so that a chain of any depth is cancelled
     * without deepening the stack, and each level records where its request went, for its await to know whether the
     * call below delivered it. The future at the bottom is cancelled.
     *
     * @return false if a level let its request go, as delivered below, before this cancel, merged into it, had
     *     recorded its way down there
     */
    private static boolean passDown(CancelledAwait held, boolean mayInterruptIfRunning) {
        java.util.Set<CallFrame> passed = null;
        int levels = 0;
        for (;;) {
            CallFrame level = callBelow(held.future);
            if (level == null) {
                break;
            }
            // Calls that await each other in a circle (a deadlock, which is when a timeout cancels) would keep this
            // loop going for ever: past a few levels, each one is remembered, and the request stops at one met again.
            if (++levels > CHAIN_LEVELS_UNCHECKED) {
                if (passed == null) {
                    passed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                }
                if (!passed.add(level)) {
                    return true;
                }
            }
            Object below = level.requestCancel(mayInterruptIfRunning);
            CancelledAwait accepted = below instanceof CancelledAwait ? (CancelledAwait) below : null;
            if (!held.handOff.record(accepted == null ? null : accepted.request)) {
                return false;
            }
            if (accepted == null) {
                return true; // that call had ended: the level above keeps its request
            }
            held = accepted;
        }
        if (held.future != null) {
            // A future that refuses leaves the call to resume with whatever that future completes with.
            Failures.cancelOrLog(held.future, mayInterruptIfRunning);
        }
        return true;
    }

    /**
     * The call a request for {@code awaited} goes to as the next level down: {@code awaited} itself if it is a call's
     * frame, or the call a started spawned task runs (the task ends as that call does, and its cancel would only pass
     * the request on to it); else null, and {@code awaited} is cancelled as it is.
     */
    private static CallFrame callBelow(CompletableFuture<?> awaited) {
        if (awaited instanceof CallFrame) {
            return (CallFrame) awaited;
        }
        if (awaited instanceof SpawnedTask) {
            CompletableFuture<?> running = ((SpawnedTask<?>) awaited).stageIfStarted();
            return running instanceof CallFrame ? (CallFrame) running : null;
        }
        return null;
    }

    /**
     * The calls {@code future} waits on, as seen now: the call it is (a frame, or the call a started spawned task
     * runs) and every call below it down its chain of awaits, through jawait's own combinators too (the work of a
     * timeout, the inputs of a gather); empty if there is none. Done futures and circles end the walk.
     */
    static java.util.Set<CallFrame> callsAwaitedBy(CompletableFuture<?> future) {
        java.util.Set<CallFrame> calls = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<CompletableFuture<?>> seen = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<CompletableFuture<?>> toSee = new java.util.ArrayDeque<>();
        toSee.add(future);
        for (CompletableFuture<?> next; (next = toSee.poll()) != null;) {
            if (!seen.add(next)) {
                continue;
            }
            CallFrame call = callBelow(next);
            if (call != null) {
                calls.add(call);
                // A call that handed its value up holds that value in its state, not a future it awaits.
                CompletableFuture<?> awaited = call.label == HANDED ? null : awaitedIn(call.state());
                if (awaited != null && !awaited.isDone()) {
                    toSee.add(awaited);
                }
            } else if (next instanceof TaskFuture && !next.isDone()) {
                toSee.addAll(((TaskFuture<?>) next).endsAs());
            }
        }
        return calls;
    }

    /** How many levels down a chain {@link #cancel} goes before it looks out for a circle of calls. */
    private static final int CHAIN_LEVELS_UNCHECKED = 16;

    /**
     * Records a request to cancel this call ({@link #cancel}): returns the request held, with the future the call
     * awaits (none if it has not suspended yet), or, if the call has ended, {@link #cancel}'s answer. Requests merge:
     * a request kept for a later await may interrupt once any of them may.
     */
    private Object requestCancel(boolean mayInterruptIfRunning) {
        for (;;) {
            if (isDone()) {
                return isCancelled();
            }
            Object now = state();
            CancelledAwait next;
            if (now instanceof CancelledAwait) {
                CancelledAwait held = (CancelledAwait) now;
                if (!mayInterruptIfRunning || held.interrupting) {
                    return held;
                }
                next = held.interrupting();
            } else if (now == null || now instanceof CompletableFuture) {
                next = new CancelledAwait((CompletableFuture<?>) now, mayInterruptIfRunning, new CancelRequest());
            } else {
                return !isDone() || isCancelled(); // the body has just ended: a value handed over, or a failure
            }
            if (compareAndSetState(now, next)) {
                return next;
            }
            // Lost a race with a suspension or a resumption: look again.
        }
    }

    /**
     * A call's state while a cancellation is pending: the future it awaits (null before its first await), to cancel
     * and to read; whether the request may interrupt, kept for the await it goes to if it comes too late for this
     * one; the request, the same at every await; and where it went below this future.
     */
    private static final class CancelledAwait {
        final CompletableFuture<?> future;
        final boolean interrupting;
        final CancelRequest request;
        final CancelRequest.HandOff handOff;

        CancelledAwait(CompletableFuture<?> future, boolean interrupting, CancelRequest request) {
            this(future, interrupting, request, new CancelRequest.HandOff());
        }

        private CancelledAwait(CompletableFuture<?> future, boolean interrupting, CancelRequest request,
                CancelRequest.HandOff handOff) {
            this.future = future;
            this.interrupting = interrupting;
            this.request = request;
            this.handOff = handOff;
        }

        /** The same request, held for {@code next}, the future the call awaits now. */
        CancelledAwait movedTo(CompletableFuture<?> next) {
            return new CancelledAwait(next, interrupting, request);
        }

        /** The same, merged with a request that may interrupt. */
        CancelledAwait interrupting() {
            return new CancelledAwait(future, true, request, handOff);
        }
    }

    /** Whether {@code future} is done with a cancellation, possibly wrapped by a dependent stage. */
    private static boolean endedCancelled(CompletableFuture<?> future) {
        if (future == null || !future.isCompletedExceptionally()) {
            return false;
        }
        try {
            future.join();
            return false;
        } catch (CancellationException e) {
            return true;
        } catch (CompletionException e) {
            return Failures.unwrap(e) instanceof CancellationException;
        }
    }

    /**
     * Called by a plain {@code CompletableFuture} the call registered on ({@link #registerOn}, or its copy in {@link
     * #suspend}), with the completion that would call {@link #accept}, once the future has completed: schedules the
     * resumption, as {@code accept} would, and drops the completion. A failure's async trace is recorded by the await
     * that takes it ({@link #takeOutcome}), so that this path reads nothing of the future.
     */
    @Override
    public void execute(Runnable unused) {
        Trampoline.dispatch(this, ambient);
    }

    /**
     * Called when the awaited future completes, if it is neither jawait's own nor a plain {@code CompletableFuture}
     * (a subclass of it, registered on with {@code whenComplete}): schedules the resumption.
     */
    @Override
    public void accept(Object value, Throwable failure) {
        if (failure != null) {
            recordAsyncTraceQuietly(Failures.unwrap(failure));
        }
        Trampoline.dispatch(this, ambient);
    }

    /** Called when the awaited future, one of jawait's own, completes: schedules the resumption. */
    @Override
    public void linkedCompleted(LinkableFuture<?> completed) {
        Throwable failure = completed.failureOnceDone();
        if (failure != null) {
            recordAsyncTraceQuietly(failure);
        }
        Trampoline.dispatch(this, ambient);
    }

    /**
     * As {@link #recordAsyncTrace}, on a wake-up or as the await takes its future, which must go on whatever happens:
     * the waker took this call out of the future's slot (or the JDK claimed its completion), so nobody else will
     * resume it, and the await is to throw the future's failure, not the recording's. A trace that cannot be recorded
     * (the stack nearly full, memory out) is logged and the call goes on with its failure all the same.
     */
    private void recordAsyncTraceQuietly(Throwable failure) {
        try {
            recordAsyncTrace(failure);
        } catch (RuntimeException | Error e) {
            try {
                System.getLogger("dev.jawait").log(System.Logger.Level.ERROR, "jawait: an async trace was lost", e);
            } catch (Throwable alsoFailed) {
                // The stack still too full, or the logger's own failure: the trace is lost silently, never the call.
            }
        }
    }

    private void recordAsyncTrace(Throwable failure) {
        Site where = Site.of(site());
        dev.jawait.AsyncStackTrace.record(failure, this, where.className, where.method, where.file,
                where.line(awaitNumber()));
    }

    /**
     * Resumes the body at {@link #label}, in its task's context and with the thread-bound state carried from where it
     * suspended; completes this future once the body returns instead of suspending.
     */
    @Override
    public void run() {
        CallFrame caller = resume(ambient.thread());
        if (caller != null) {
            Trampoline.dispatch(caller, caller.ambient);
        }
    }

    /**
     * As {@link #run()}, on the thread whose state is {@code thread}. Returns the frame of the caller awaiting this
     * call if the body returned a value and the caller resumes off any loop: the trampoline runs it next, as the
     * Kotlin's continuation loop does, without queueing it.
     */
    CallFrame resume(ThreadState thread) {
        Object returned;
        Ambient resumedIn = ambient;
        // Usually the thread is in the call's context already (a chain unwinding, a loop running one task's calls),
        // and nothing is carried: then there is nothing to enter and put back.
        boolean enters = resumedIn.carried != null || !thread.isIn(resumedIn.context);
        TaskContext previousContext = enters ? thread.enter(resumedIn) : null;
        Object[] previousState = null;
        boolean debug = DebugMode.ENABLED;
        int resumedAt = label;
        long start = 0;
        if (debug) {
            DebugMode.resumed(this);
            start = System.nanoTime();
        }
        try {
            if (enters) {
                previousState = installCarried(resumedIn.carried);
            }
            returned = resumeBody();
        } catch (Throwable t) {
            clearState();
            completeExceptionally(t);
            return null;
        } finally {
            if (enters) {
                putBack(thread, previousContext, previousState);
            }
            if (debug) {
                DebugMode.stepTook(this, resumedAt, System.nanoTime() - start);
            }
        }
        if (returned == this) {
            return null; // suspended again
        }
        if (returned == NULL_VALUE) {
            return completeWith(null);
        } else if (returned instanceof ReturnedValue) {
            return completeWith(((ReturnedValue) returned).value);
        } else if (returned instanceof CompletionStage || returned == null) {
            completeAsStage(returned);
            return null;
        }
        return completeWith(returned);
    }

    /**
     * Installs the state the call carries, for a step. A carrier that cannot install it (each carrier it reached has
     * the thread's own state back then) must not leave the call suspended for ever, nor fail it past its {@code catch}
     * and {@code finally} blocks, which release its locks and close its resources: the body resumes with that failure
     * thrown by the pending await, in place of its outcome (a failure of the awaited future goes with it, suppressed;
     * a value is dropped), as a refused registration does ({@link #resumeFailing}). The failure ends that await as a
     * cancellation would have: one that ended the awaited future, or was delivered below, counts as delivered. Every
     * carrier's state is cleared (installed as null, the state of a thread that has none), so that those blocks
     * neither see nor carry on the resuming thread's own; the call carries that cleared state from then on. If the
     * carriers cannot be cleared either, the failure goes up, and the call fails without running them.
     */
    private Object[] installCarried(Object[] carried) {
        try {
            return Carriers.install(carried);
        } catch (Throwable refused) {
            CompletableFuture<?> awaited = takeAwaited();
            try {
                System.getLogger("dev.jawait").log(System.Logger.Level.WARNING, "jawait: a carrier failed to install"
                        + " the state carried by " + describe() + "; its pending await throws the failure instead,"
                        + " and the call goes on with every carrier's state cleared", refused);
                if (awaited != null && awaited.isDone()) {
                    Failures.suppress(refused, Failures.failureOf(awaited)); // a program's subclass may throw here
                }
            } catch (Throwable alsoFailed) {
                Failures.suppress(refused, alsoFailed);
            }
            failAtPendingAwait(refused); // before the clearing, whose outcome this step's put-back then needs alone
            try {
                return Carriers.install(Carriers.cleared(carried));
            } catch (Throwable alsoRefused) {
                Failures.suppress(refused, alsoRefused);
                recordAsyncTraceQuietly(refused); // the body does not run, so its await never takes the failed future
                throw refused;
            }
        }
    }

    /**
     * After a step that entered the call's context: puts the thread's own carried state and context back. A carrier
     * that fails to is logged; the step's outcome stands (it returned, threw or suspended already). A method of its
     * own, since javac copies a {@code finally} block once per way out of the {@code try}, and {@link #resume} must
     * stay small enough for C2 to inline (325 bytes of bytecode; {@code ResumptionInliningTest}).
     */
    private static void putBack(ThreadState thread, TaskContext previousContext, Object[] previousState) {
        Carriers.restoreOrLog(previousState, "the resuming thread's");
        thread.exit(previousContext);
    }

    /**
     * The body returned a stage (or null) after a resumption: this frame completes as that stage does. A stage still
     * pending is published in the state, as an awaited future is, so that a cancel reaches it, and a cancellation held
     * for the call's next await is delivered to it now; the state is cleared before the frame completes, so that a
     * failure is recorded (and logged if nobody reads it) as any other. Nothing is thrown: a stage that cannot be
     * converted or registered on fails the frame.
     */
    private void completeAsStage(Object returned) {
        try {
            CompletableFuture<?> stage = returned == null ? null : AwaitSupport.toFuture((CompletionStage<?>) returned);
            if (stage == null || stage.isDone()) {
                clearState();
                AwaitSupport.completeFrom(this, stage);
                return;
            }
            CancelledAwait cancelled = publishCancelled(stage);
            if (cancelled != null) {
                passDownHeld(cancelled);
            }
            stage.whenComplete((value, failure) -> {
                letGoIfDeliveredBelow();
                clearState();
                if (failure != null) {
                    completeExceptionally(Failures.unwrap(failure));
                } else {
                    complete(value);
                }
            });
        } catch (Throwable e) { // the stage's own code, which may throw a checked exception too
            if (isDone()) { // completed, and what its completion woke threw: nobody else will see it
                System.getLogger("dev.jawait").log(System.Logger.Level.ERROR, "jawait: completing a call failed", e);
                return;
            }
            clearState();
            completeExceptionally(e);
        }
    }

    /**
     * Before a frame completes as the stage its body returned: if that stage is a call that delivered the request
     * held here (and caught it), the request counts as delivered, for the caller that awaits this frame.
     */
    private void letGoIfDeliveredBelow() {
        Object now = state();
        if (now instanceof CancelledAwait && ((CancelledAwait) now).handOff.deliveredBelow()) {
            ((CancelledAwait) now).request.delivered = true;
        }
    }

    /**
     * Completes this frame with {@code value}, or hands it to the caller linked to it exclusively ({@link #handTo});
     * returns the caller's frame to resume next on this thread, if any.
     */
    private CallFrame completeWith(Object value) {
        // A future as the value stays out of the state, where a cancel would take it for one the call awaits. Debug
        // mode's task dump shows what each call awaits as suspended or done: there, every frame completes.
        CallFrame exclusive = DebugMode.ENABLED || value instanceof CompletableFuture ? null : takeExclusiveWaiter();
        if (exclusive != null) {
            return handTo(exclusive, value);
        }
        clearState();
        LinkedWaiter waiter = completeTakingWaiter(value);
        if (waiter instanceof CallFrame && Trampoline.resumesOffLoop(((CallFrame) waiter).ambient.loop)) {
            return (CallFrame) waiter;
        }
        if (waiter != null) {
            waiter.linkedCompleted(this);
        }
        return null;
    }

    /**
     * Gives {@code value} to the caller linked exclusively to this call, which is the one reader this future can have
     * (an await took it straight from the inner entry, and debug mode is off), without completing it: a chain of
     * calls ending together pays no CAS per level. The caller's await reads the value from the state ({@link
     * #outcomeForCaller}), on this thread or after its loop's queue. A cancel passing down the chain meanwhile finds
     * a state that names no future and cancels nothing; its request stays with the caller, for its next await.
     */
    private CallFrame handTo(CallFrame caller, Object value) {
        leaveState(value == null ? NULL_VALUE : value);
        label = HANDED; // a plain write: the caller is resumed after it, by this thread or through a queue
        if (Trampoline.resumesOffLoop(caller.ambient.loop)) {
            return caller;
        }
        // Not linkedCompleted: that reads this future's failure, and a value in the state is none, Throwable or not.
        Trampoline.dispatch(caller, caller.ambient);
        return null;
    }

    /** What the await of this call reads on resuming: the value handed to it, else the outcome of this future. */
    final Object outcomeForCaller() {
        if (label == HANDED) {
            Object value = state();
            return value == NULL_VALUE ? null : value;
        }
        return outcomeNow(null);
    }

    /**
     * {@code return completedFuture(value)} in the body after a resumption: the body returns {@code value} itself,
     * and the frame is completed with it, without a completed future made only to be read. A value that is itself a
     * stage goes in a {@link ReturnedValue}, and null is {@link #NULL_VALUE}, so as not to be taken for the stage
     * (possibly null) the body returned.
     */
    public final Object returnValue(Object value) {
        if (value == null) {
            return NULL_VALUE;
        }
        return value instanceof CompletionStage ? new ReturnedValue(value) : value;
    }

    private static final Object NULL_VALUE = new Object();

    private static final class ReturnedValue {
        final Object value;

        ReturnedValue(Object value) {
            this.value = value;
        }
    }

    /** {@code class.method (File.java:line)} of the await at {@code atLabel}; the method alone for -1. */
    String location(int atLabel) {
        return Site.of(site()).describe(atLabel);
    }

    /** The source variables the call keeps at its current await, as {@code name = value, ...}; empty if none. */
    String variablesForDump() {
        return Site.of(site()).variables(awaitNumber(), this);
    }

    /** The future the call is suspended on, for the task dump; null if it has not suspended, or has ended. */
    Object awaitedForDump() {
        return awaitedIn(state());
    }

    @Override
    protected String describe() {
        return location(-1);
    }
}
