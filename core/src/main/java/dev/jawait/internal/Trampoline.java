package dev.jawait.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Runs resumptions one after another on its thread instead of nesting them: a chain of calls completing each other
 * (50,000 deep, say) unwinds in a loop, never by recursion.
 */
final class Trampoline {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    private ArrayDeque<CallFrame> pending = new ArrayDeque<>();
    /** The queues {@link #runNested} set aside, outermost first: a blocking wait looks into them too. */
    private final java.util.ArrayList<ArrayDeque<CallFrame>> outerQueues = new java.util.ArrayList<>();
    private boolean running;
    /** Whether {@link #runToEnd} is running on this thread: a call made later then waits its turn there. */
    private boolean runningToEnd;

    /**
     * Resumes {@code frame} on its event loop, or else on this thread: now, or, if a resumption is running on this
     * thread already (it completed what the frame awaits), once that one has returned. A frame whose body returned
     * resumes its caller next, in this loop: a chain unwinds without queueing each level.
     *
     * <p>Kept to one method, the trampoline's loop included, since it sits between a completion and the resumed body
     * on every resumption, and C2 inlines at most 16 calls deep (a call whose caller is at most {@code MaxInlineLevel},
     * 15, below the compilation's root): from the JDK's completion of a plain future ({@code postComplete}) through
     * this method, the body and its next await's registration, down to the constructors of the JDK's completion
     * record, the path is 16 calls deep at {@code Object::<init>}, with no level to spare. Two levels more (this
     * method calling a trampoline method, and {@code suspend} calling {@code registerOn}) left a constructor call out
     * of line on every await ({@code ResumptionInliningTest}).
     */
    static void dispatch(CallFrame frame, Ambient ambient) {
        EventLoop loop = ambient.loop;
        if (!resumesOffLoop(loop)) {
            loop.execute(frame);
            return;
        }
        ThreadState thread = ambient.thread();
        Trampoline trampoline = thread.trampoline;
        if (trampoline.running) {
            trampoline.pending.add(frame);
            return;
        }
        trampoline.running = true;
        try {
            do {
                try {
                    do {
                        frame = frame.resume(thread);
                    } while (frame != null);
                } catch (Throwable t) {
                    // A resumption completes its own future with whatever it throws; this guards the ones after it.
                    LOG.log(System.Logger.Level.ERROR, "jawait: a resumption failed outside its future", t);
                }
            } while ((frame = trampoline.pending.poll()) != null);
        } finally {
            trampoline.running = false;
        }
    }

    /**
     * Runs {@code call} (a {@link LaterCall}), and every resumption it leads to on this thread, before returning, even
     * if a resumption is running on this thread already (its queue waits meanwhile): the caller that registered the
     * chain awaiting the call may be that resumption's code, about to read its outcome synchronously (a {@code
     * join()} in a helper it calls), as it could before the call was deferred. Calls made later while this runs are
     * queued here, so the stack stays as deep as one chain.
     */
    static void runToEnd(CallFrame call, Ambient ambient) {
        Trampoline trampoline = ambient.thread().trampoline;
        if (trampoline.runningToEnd) {
            trampoline.pending.add(call);
            return;
        }
        trampoline.runNested(call, ambient.thread());
    }

    /**
     * Runs {@code call} and what it queues on a queue of its own, the one running now waiting meanwhile. Each step runs
     * with the trampoline as the caller had it, so that what a step completes resumes as it would have had the call
     * not been deferred: at once, off any running trampoline (a {@code join()} of a call woken there finds it done).
     * Hence a loop of its own rather than {@link #dispatch}'s, which keeps the trampoline running throughout (and must
     * stay one method, see there).
     */
    private void runNested(CallFrame call, ThreadState thread) {
        ArrayDeque<CallFrame> outer = pending;
        boolean outerRunning = running;
        boolean outerToEnd = runningToEnd;
        ArrayDeque<CallFrame> nested = new ArrayDeque<>();
        outerQueues.add(outer);
        pending = nested;
        // A call made later runs to its end, and what it makes later meanwhile waits in its queue; any other call run
        // here (one a blocking wait needs) makes its calls as it would have where it was queued.
        runningToEnd = outerToEnd || call instanceof LaterCall;
        try {
            CallFrame frame = call;
            do {
                running = outerRunning;
                try {
                    do {
                        frame = frame.resume(thread);
                    } while (frame != null);
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, "jawait: a resumption failed outside its future", t);
                }
            } while ((frame = pending.poll()) != null);
        } finally {
            outerQueues.remove(outerQueues.size() - 1);
            outer.addAll(nested); // empty, unless an error escaped the loop: what is left runs later
            nested.clear();
            pending = outer;
            running = outerRunning;
            runningToEnd = outerToEnd;
        }
    }

    /**
     * Before this thread blocks on {@code future}, a pending future of jawait's ({@code join()}, {@code get()}): a
     * resumption that future waits on may be queued on this thread's trampoline, behind the one running now (a call
     * it woke, a call made later), and would run only once this thread returns, which it never would, blocked. So the
     * queued resumptions of the calls the future waits on ({@link CallFrame#callsAwaitedBy}) run here, in their order,
     * each with what it leads to, until the future is done: plain code would have run them already, inside the
     * completion that woke them. Inside a deep recursion's run the calls made later queued there run too, in their
     * order (the future may wait on a plain future one of them completes): each would have run before its caller
     * returned. No other resumption queued runs early, so that a blocking wait that works without it keeps its order.
     */
    static void runQueuedCallsItAwaitsBeforeBlocking(CompletableFuture<?> future) {
        ThreadState thread = ThreadState.current();
        Trampoline trampoline = thread.trampoline;
        while (!future.isDone() && trampoline.hasQueued()) {
            // One walk per round, not per call run: a gather of thousands of woken calls is walked once. Each call
            // stays in its queue until it runs, where a blocking wait inside an earlier one can find it.
            java.util.Set<CallFrame> awaited = CallFrame.callsAwaitedBy(future);
            boolean ran = false;
            CallFrame call;
            while (!future.isDone() && (call = trampoline.takeQueuedCallOf(awaited)) != null) {
                awaited.remove(call);
                trampoline.runNested(call, thread);
                ran = true;
            }
            if (!ran) {
                return;
            }
        }
    }

    private boolean hasQueued() {
        if (!pending.isEmpty()) {
            return true;
        }
        for (ArrayDeque<CallFrame> outer : outerQueues) {
            if (!outer.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first queued call that is one of {@code calls} or, in a deep recursion's run, a call made later queued there;
     * looked for in the innermost queue first. Taken out of its queue; null if there is none.
     */
    private CallFrame takeQueuedCallOf(java.util.Set<CallFrame> calls) {
        CallFrame taken = takeFrom(pending, calls, runningToEnd);
        for (int i = outerQueues.size() - 1; taken == null && i >= 0; i--) {
            taken = takeFrom(outerQueues.get(i), calls, false);
        }
        return taken;
    }

    private static CallFrame takeFrom(ArrayDeque<CallFrame> queue, java.util.Set<CallFrame> calls,
            boolean callsMadeLaterToo) {
        for (java.util.Iterator<CallFrame> queued = queue.iterator(); queued.hasNext();) {
            CallFrame frame = queued.next();
            if (calls.contains(frame) || callsMadeLaterToo && frame instanceof LaterCall) {
                queued.remove();
                return frame;
            }
        }
        return null;
    }

    /** Whether what belongs to {@code loop} resumes on the completing thread's trampoline: no loop, or a closed one. */
    static boolean resumesOffLoop(EventLoop loop) {
        return loop == null || loop.isClosed();
    }
}
