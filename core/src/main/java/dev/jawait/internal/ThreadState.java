package dev.jawait.internal;

/**
 * What jawait keeps per thread, behind one {@code ThreadLocal} lookup: the event loop running on the thread, the task
 * context current on it, and the trampoline that resumes calls off any loop. A call's first suspension looks it up
 * once (its frame takes the loop and the context), and a resumption once (to enter the frame's context and leave it,
 * or to queue on the trampoline, which then runs the frame with the state it already has).
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

    /** The loop running on this thread, or null. */
    EventLoop loop;
    /** The current task context; a thread outside any task gets its own on first use, and keeps it. */
    private TaskContext context;
    private Trampoline trampoline;
    /** The loop and context above as one shared object for new frames; checked against them at each use. */
    private Ambient ambient;

    static ThreadState current() {
        return CURRENT.get();
    }

    TaskContext context() {
        TaskContext current = context;
        if (current == null) {
            context = current = TaskContext.newRoot();
        }
        return current;
    }

    /** The loop and the context of this thread, for a new frame: the same object while neither changes. */
    Ambient ambient() {
        Ambient current = ambient;
        TaskContext now = context();
        if (current == null || current.loop != loop || current.context != now) {
            ambient = current = new Ambient(loop, now, null);
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
    }

    Trampoline trampoline() {
        Trampoline current = trampoline;
        if (current == null) {
            trampoline = current = new Trampoline(this);
        }
        return current;
    }
}
