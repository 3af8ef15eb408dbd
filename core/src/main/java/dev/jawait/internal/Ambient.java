package dev.jawait.internal;

/**
 * What a suspended call resumes with besides its own slots: the loop it resumes on, its task's context, and the
 * registered thread-bound state carried from where it suspended. One immutable object that the calls of a task share
 * ({@link ThreadState#ambient}), so that a frame pays one field for all three; only carried state, which is captured
 * per suspension, makes one of its own.
 */
final class Ambient {
    final EventLoop loop;
    final TaskContext context;
    /** Registered thread-bound state (see {@link Carriers}); null if none. */
    final Object[] carried;
    /**
     * The state of the thread that made this ambient, where its calls usually resume (a loop's thread, or the one
     * thread of a program without loops): a resumption there finds it without a {@code ThreadLocal} lookup. Set
     * once, so that threads sharing a task's calls never write to it.
     */
    private final ThreadState home;

    Ambient(EventLoop loop, TaskContext context, Object[] carried, ThreadState home) {
        this.loop = loop;
        this.context = context;
        this.carried = carried;
        this.home = home;
    }

    /** This ambient with {@code state} carried instead; this one itself if neither carries anything. */
    Ambient carrying(Object[] state) {
        return state == null && carried == null ? this : new Ambient(loop, context, state, home);
    }

    /** The state of the calling thread. */
    ThreadState thread() {
        return home.thread == Thread.currentThread() ? home : ThreadState.current();
    }
}
