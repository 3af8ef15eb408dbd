package dev.jawait.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A future of jawait's own that one waiter can be linked to directly: the frame of a call awaiting it is resumed by
 * the completion itself, without the dependent future and completion record ({@code UniWhenComplete}, 64 bytes) of a
 * {@code whenComplete}. A second waiter, or any other reader, goes through the JDK's registration as usual.
 *
 * <p>The protocol is one slot, a CAS to link and a CAS to take. A waiter links with a CAS from empty, then looks
 * whether the future is done; the completing thread, after the outcome is set, looks whether a waiter is linked. Both
 * the outcome and the slot are volatile, so at least one of the two sees the other: whichever does takes the waiter
 * out with a CAS to {@link #WOKEN} and wakes it, and if both do, only one CAS wins. So the waiter is resumed exactly
 * once, and a future that nobody linked to completes with no atomic operation on the slot (an inner call's frame
 * awaited by the JDK's way, a top-level call read by {@code join()}). A second waiter finds the slot taken and
 * registers with {@code whenComplete}. That holds only if every way this
 * future completes runs {@link #wakeWaiter()} afterwards: {@code CompletableFuture} completes a future internally in
 * {@code cancel}, {@code obtrude*} and {@code completeAsync} without calling {@code complete}, which is why those are
 * overridden here too ({@code LinkableFutureTest} enumerates the JDK's methods to catch any new one).
 */
public abstract class LinkableFuture<T> extends CompletableFuture<T> {
    private static final VarHandle WAITER;
    /** The slot's last state once a linked waiter was taken out to be woken; nobody may link any more. */
    private static final Object WOKEN = new Object();
    /** The slot's state once a reader registered the JDK's way first: a failure has a reader; nobody may link. */
    private static final Object REGISTERED = new Object();

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(LinkableFuture.class, "waiter", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null, a {@link LinkedWaiter}, {@link #REGISTERED}, or {@link #WOKEN}. */
    @SuppressWarnings("unused") // through WAITER
    private volatile Object waiter;

    /**
     * Makes {@code waiter} be called once {@code future} completes: linked directly when the future is jawait's own
     * and has no waiter linked yet, else by {@code whenComplete}. The protocol as the tests and jcstress drive it; a
     * call's frame goes through {@code CallFrame.suspend}, which registers on a plain {@code CompletableFuture} more
     * cheaply.
     */
    public static void register(CompletableFuture<?> future, LinkedWaiter waiter) {
        if (!linkDirectly(future, waiter)) {
            future.whenComplete(waiter);
        }
    }

    /**
     * The first half of {@link #register}: links {@code waiter} to {@code future} if it is jawait's own and has no
     * waiter linked yet (waking it at once if the future is done); false, having done nothing, otherwise.
     */
    static boolean linkDirectly(CompletableFuture<?> future, LinkedWaiter waiter) {
        if (future instanceof LinkableFuture) {
            LinkableFuture<?> linkable = (LinkableFuture<?>) future;
            if (linkable.link(waiter)) {
                if (linkable.isDone()) {
                    linkable.wakeWaiter(); // its completion may have found the slot empty, and woken nobody
                }
                return true;
            }
        }
        return false;
    }

    /** Takes the slot for {@code waiter}; false if it is taken. */
    final boolean link(LinkedWaiter waiter) {
        return WAITER.compareAndSet(this, null, waiter);
    }

    /**
     * Links {@code waiter} with a plain write: only for a future that nobody but the linking thread can reach yet (a
     * call suspended through its inner entry, see {@code CallFrame.suspendDeferred}), which the registration that
     * later publishes it orders before any completion.
     */
    final void linkUnreachable(LinkedWaiter waiter) {
        WAITER.set(this, waiter);
    }

    /** Marks the slot before a registration the JDK's way, so that a failure knows it has a reader. */
    final void registering() {
        if (waiter == null) {
            WAITER.compareAndSet(this, null, REGISTERED);
        }
    }

    /**
     * Whether a waiter was linked or a reader registered: asked by a failure after its completion and before the
     * wake-up, while the slot still shows either.
     */
    final boolean hasReaders() {
        return waiter != null;
    }

    /** Wakes the linked waiter, if any, once; called after every completion, whether it won or not. */
    private void wakeWaiter() {
        LinkedWaiter linked = takeWaiter();
        if (linked != null) {
            linked.linkedCompleted(this);
        }
    }

    /**
     * Takes the waiter linked to this future once it is done, to wake it; null if none is linked, or if another
     * thread took it first. An empty slot is left as it is: a waiter linking later sees the future done and takes
     * itself back ({@link #register}).
     */
    private LinkedWaiter takeWaiter() {
        CallFrame exclusive = takeExclusiveWaiter();
        if (exclusive != null) {
            return exclusive;
        }
        Object linked = waiter;
        if (linked instanceof LinkedWaiter && WAITER.compareAndSet(this, linked, WOKEN)) {
            return (LinkedWaiter) linked;
        }
        return null;
    }

    /**
     * Takes the call linked to this future before anyone else could reach it ({@code CallFrame.takeIfExclusive}):
     * only the thread that ends this future looks at that link, so no CAS is needed, and a call's frame takes it
     * before it completes, to hand it its value instead ({@code CallFrame.handTo}). Null if none is linked so.
     */
    final CallFrame takeExclusiveWaiter() {
        Object linked = waiter;
        if (linked instanceof CallFrame && ((CallFrame) linked).takeIfExclusive(this)) {
            WAITER.set(this, WOKEN);
            return (CallFrame) linked;
        }
        return null;
    }

    /**
     * Completes this future with {@code value} and, if it won, takes the linked waiter instead of waking it: the
     * caller resumes it (see {@code CallFrame.resume}); null if there is none, or if it lost (and woke nobody anew).
     */
    final LinkedWaiter completeTakingWaiter(T value) {
        if (!super.complete(value)) {
            wakeWaiter();
            return null;
        }
        return takeWaiter();
    }

    /**
     * The exception this future failed with, as raised (a cancellation's own {@code CancellationException}), for a
     * waiter woken by the link; null if it did not fail. Only called once the future is done.
     */
    Throwable failureOnceDone() {
        return Failures.failureOf(this);
    }

    /** How many of this future's dependents are the runtime's bookkeeping, which reads no failure. */
    int unreadDependents() {
        return 0;
    }

    /** Called after this future failed by {@link #completeExceptionally}, before the linked waiter is woken. */
    void failed(Throwable failure) {
    }

    @Override
    public boolean complete(T value) {
        boolean completed = super.complete(value);
        wakeWaiter();
        return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        if (getNumberOfDependents() > unreadDependents()) {
            // A stage the JDK pushed without any method of ours (allOf, anyOf) reads the failure too. One pushed
            // between this count and the completion is missed (logged although read), and a blocked get() counts.
            registering();
        }
        boolean completed = super.completeExceptionally(failure);
        if (completed) {
            failed(failure);
        }
        wakeWaiter();
        return completed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        wakeWaiter();
        return cancelled;
    }

    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        wakeWaiter();
    }

    @Override
    public void obtrudeException(Throwable failure) {
        super.obtrudeException(failure);
        wakeWaiter();
    }

    /** As {@code CompletableFuture}'s, but completing through {@link #complete}, which wakes the waiter. */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        if (supplier == null || executor == null) {
            throw new NullPointerException();
        }
        executor.execute(() -> {
            if (isDone()) {
                return;
            }
            T value;
            try {
                value = supplier.get();
            } catch (Throwable t) {
                completeExceptionally(t instanceof CompletionException ? t : new CompletionException(t));
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }
}
