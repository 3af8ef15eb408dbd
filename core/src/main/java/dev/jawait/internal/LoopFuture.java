package dev.jawait.internal;

/**
 * A jawait future other than a call's frame: a task, a gather, a timeout, a task group's join. It belongs to the loop
 * running where it was made. A frame finds its loop in its {@link Ambient} instead, which its calls share.
 */
public abstract class LoopFuture<T> extends TaskFuture<T> {
    private final EventLoop loop = EventLoop.current();

    @Override
    protected final EventLoop loop() {
        return loop;
    }
}
