package dev.jawait.internal;

import java.util.ArrayDeque;

/**
 * Runs resumptions one after another on its thread instead of nesting them: a chain of calls completing each other
 * (50,000 deep, say) unwinds in a loop, never by recursion.
 */
final class Trampoline {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    private final ThreadState thread;
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private boolean running;

    Trampoline(ThreadState thread) {
        this.thread = thread;
    }

    void run(Runnable task) {
        if (running) {
            pending.add(task);
            return;
        }
        running = true;
        try {
            do {
                runLogged(task);
            } while ((task = pending.poll()) != null);
        } finally {
            running = false;
        }
    }

    /**
     * A resumption completes its own future with whatever it throws; this guards the ones queued after it. A frame
     * whose body returned resumes its caller next, in this loop: a chain unwinds without queueing each level.
     */
    private void runLogged(Runnable task) {
        try {
            if (task instanceof CallFrame) {
                CallFrame frame = (CallFrame) task;
                do {
                    frame = frame.resume(thread);
                } while (frame != null);
            } else {
                task.run();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "jawait: a resumption failed outside its future", t);
        }
    }
}
