package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;

/** STUB: replaced by the real event loop. */
public final class EventLoop {
    public static EventLoop current() {
        return null;
    }

    public void execute(Runnable task) {
        throw new UnsupportedOperationException();
    }

    public boolean isClosed() {
        return true;
    }

    public CompletableFuture<Void> sleep(long nanos) {
        throw new UnsupportedOperationException();
    }
}
