package dev.jawait.internal;

import java.util.ArrayDeque;

/**
 * Runs resumptions one after another on its thread instead of nesting them: a chain of calls completing each other
 * (50,000 deep, say) unwinds in a loop, never by recursion.
 */
final class Trampoline {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    private ArrayDeque<CallFrame> pending = new ArrayDeque<>();
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
        ArrayDeque<CallFrame> outer = trampoline.pending;
        boolean outerRunning = trampoline.running;
        trampoline.pending = new ArrayDeque<>();
        trampoline.running = false;
        trampoline.runningToEnd = true;
        try {
            dispatch(call, ambient); // off any loop: runs the call, and what it queues, here
        } finally {
            outer.addAll(trampoline.pending); // empty, unless an error escaped the loop: what is left runs later
            trampoline.pending = outer;
            trampoline.running = outerRunning;
            trampoline.runningToEnd = false;
        }
    }

    /**
     * Before this thread blocks on a pending future of jawait's ({@code join()}, {@code get()}): if the thread is in a
     * resumption or a {@link #runToEnd}, the resumptions queued on it can only run once that returns, which the
     * blocked thread never would if the future waits on them (a deep recursion read with {@code join()} by code that runs inside
     * another's run, say). So they run here, all of them, before the thread blocks. Off any loop only: a loop's own
     * thread is refused a blocking wait ({@link LoopDeadlock}), and what the trampoline queues resumes off any loop.
     */
    static void runQueuedBeforeBlocking() {
        Trampoline trampoline = ThreadState.current().trampoline;
        CallFrame next;
        if (!trampoline.running || (next = trampoline.pending.poll()) == null) {
            return;
        }
        trampoline.running = false;
        try {
            dispatch(next, CallFrame.ambientOf(next)); // runs the queue, and what it queues, here
        } finally {
            trampoline.running = true;
        }
    }

    /** Whether what belongs to {@code loop} resumes on the completing thread's trampoline: no loop, or a closed one. */
    static boolean resumesOffLoop(EventLoop loop) {
        return loop == null || loop.isClosed();
    }
}
