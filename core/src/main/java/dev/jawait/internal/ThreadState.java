package dev.jawait.internal;

/**
 * What jawait keeps per thread, behind one {@code ThreadLocal} lookup: the event loop running on the thread, the task
 * context current on it, and the trampoline that resumes calls off any loop. The lookup is the costly part of a
 * suspension that does little else, so it is avoided where the answer is at hand: a call's first suspension looks it
 * up only if it awaits something other than a call made on this thread (its frame takes the loop and the context
 * from it), and a resumption only if it runs on a thread other than the one its {@link Ambient} was made on.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

    /** The thread this is the state of. */
    final Thread thread = Thread.currentThread();
    /** The loop running on this thread, or null. */
    EventLoop loop;
    /** The current task context; a thread outside any task gets its own on first use, and keeps it. */
    private TaskContext context;
    /** Resumes the calls that have no loop, or whose loop has closed. */
    final Trampoline trampoline = new Trampoline();
    /** The loop and context above as one shared object for new frames; checked against them at each use. */
    private Ambient ambient;

    static ThreadState current() {
        return CURRENT.get();
    }

    /**
     * The state of the calling thread, about to await {@code awaited}: a call awaiting another call's frame, made on
     * this thread a moment ago, finds it there without a {@code ThreadLocal} lookup. A chain of calls suspending
     * together looks it up once, at the innermost.
     */
    static ThreadState of(java.util.concurrent.CompletableFuture<?> awaited) {
        if (awaited instanceof CallFrame) {
            Ambient callee = CallFrame.ambientOf((CallFrame) awaited);
            if (callee != null) {
                return callee.thread();
            }
        }
        return current();
    }

    TaskContext context() {
        TaskContext current = context;
        if (current == null) {
            context = current = TaskContext.newRoot();
        }
        return current;
    }

    /** Whether {@code context} is the current one. */
    boolean isIn(TaskContext context) {
        return this.context == context;
    }

    /** The loop and the context of this thread, for a new frame: the same object while neither changes. */
    Ambient ambient() {
        Ambient current = ambient;
        TaskContext now = context();
        if (current == null || current.loop != loop || current.context != now) {
            ambient = current = new Ambient(loop, now, null, this);
        }
        return current;
    }

    /**
     * Makes a resumed call's context current; returns the context to put back with {@link #exit}. The calls it makes
     * share its ambient, unless that carries state of its own.
     */
    TaskContext enter(Ambient next) {
        TaskContext previous = enter(next.context);
        if (next.loop == loop && next.carried == null) {
            ambient = next;
        }
        return previous;
    }

    /** Makes {@code next} current; returns the context to put back with {@link #exit}. */
    TaskContext enter(TaskContext next) {
        TaskContext previous = context();
        context = next;
        return previous;
    }

    void exit(TaskContext previous) {
        context = previous;
        Ambient left = ambient;
        if (left != null && left.context != previous) {
            ambient = null; // else the thread would keep the task's values, and its loop, until its next suspension
        }
    }
}
