package dev.jawait.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A future that records what each {@code cancel} asked for: whether it may interrupt. */
public final class RecordingCancels<T> extends CompletableFuture<T> {
    /** Each call's {@code mayInterruptIfRunning}, in order. */
    public final List<Boolean> requests = new CopyOnWriteArrayList<>();

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        requests.add(mayInterruptIfRunning);
        return super.cancel(mayInterruptIfRunning);
    }
}
