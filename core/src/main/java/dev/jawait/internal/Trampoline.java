package dev.jawait.internal;

import java.util.ArrayDeque;

/**
 * Runs resumptions one after another on its thread instead of nesting them: a chain of calls completing each other
 * (50,000 deep, say) unwinds in a loop, never by recursion.
 */
final class Trampoline {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    private final ThreadState thread;
    private final ArrayDeque<CallFrame> pending = new ArrayDeque<>();
    private boolean running;

    Trampoline(ThreadState thread) {
        this.thread = thread;
    }

    /**
     * Resumes {@code frame} now, or, if a resumption is running on this thread already (it completed what the frame
     * awaits), once that one has returned. A frame whose body returned resumes its caller next, in this loop: a chain
     * unwinds without queueing each level. Kept to one method, since it sits between a completion and the resumed
     * body on every resumption: each call level less leaves the JIT more room to inline the body's own calls.
     */
    void resume(CallFrame frame) {
        if (running) {
            pending.add(frame);
            return;
        }
        running = true;
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
            } while ((frame = pending.poll()) != null);
        } finally {
            running = false;
        }
    }
}
