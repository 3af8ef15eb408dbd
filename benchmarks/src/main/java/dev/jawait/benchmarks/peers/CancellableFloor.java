package dev.jawait.benchmarks.peers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Scenario 2's second floor: {@link RegistrationFloor} plus the one thing a call must do at each await so that a
 * {@code cancel} from another thread reaches it while it is suspended, as jawait's calls and Kotlin's cancellable
 * continuations do. The cancelling thread has to find the future the call awaits, and the suspending thread has to
 * see a cancel that came while it was switching futures, so each suspension after the first publishes the awaited
 * future with an atomic read-modify-write (a CAS here; a volatile write and a read after it cost a full fence all
 * the same). The first suspension writes plainly, since nobody has the call yet. Nothing else: no event loop, no
 * context, no failure tracking, no trampoline.
 */
public final class CancellableFloor extends CompletableFuture<Integer>
        implements BiConsumer<Object, Throwable>, Executor {
    private static final VarHandle AWAITED;

    static {
        try {
            AWAITED = MethodHandles.lookup().findVarHandle(CancellableFloor.class, "awaited", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Supplier<CompletableFuture<Integer>> source;
    private final int awaits;
    private int done;
    private int sum;
    /** The future the call awaits, or a {@link Cancelled} of it once a cancel came. */
    @SuppressWarnings("unused") // through AWAITED
    private volatile Object awaited;

    private CancellableFloor(Supplier<CompletableFuture<Integer>> source, int awaits) {
        this.source = source;
        this.awaits = awaits;
    }

    /** Sums {@code awaits} futures from {@code source}, each awaited in turn. */
    public static CompletableFuture<Integer> sumSuspending(Supplier<CompletableFuture<Integer>> source, int awaits) {
        CancellableFloor call = new CancellableFloor(source, awaits);
        call.next();
        return call;
    }

    private void next() {
        while (done < awaits) {
            CompletableFuture<Integer> future = source.get();
            if (!future.isDone()) {
                suspendOn(future);
                return;
            }
            sum += future.join();
            done++;
        }
        complete(sum);
    }

    private void suspendOn(CompletableFuture<Integer> future) {
        if (done == 0) {
            AWAITED.set(this, future);
            future.whenCompleteAsync(this, this);
            return;
        }
        for (;;) {
            Object now = awaited;
            boolean cancelled = now instanceof Cancelled;
            if (AWAITED.compareAndSet(this, now, cancelled ? new Cancelled(future) : future)) {
                future.whenCompleteAsync(this, this);
                if (cancelled) {
                    future.cancel(false);
                }
                return;
            }
        }
    }

    /**
     * Called by the awaited future, once it has completed, with the completion that would call {@link #accept}: the
     * registration {@link RegistrationFloor} makes.
     */
    @Override
    public void execute(Runnable unused) {
        Object now = awaited;
        CompletableFuture<?> future = (CompletableFuture<?>) (now instanceof Cancelled ? ((Cancelled) now).future : now);
        Object value;
        try {
            value = future.join();
        } catch (RuntimeException failure) {
            accept(null, failure);
            return;
        }
        accept(value, null);
    }

    @Override
    public void accept(Object value, Throwable failure) {
        if (failure != null) {
            completeExceptionally(failure); // a cancel ends the call here; the floor keeps no cleanup to run
            return;
        }
        sum += (Integer) value;
        done++;
        next();
    }

    /** Cancels the future the call awaits; a cancel that finds it done stays for the call's next await. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        for (;;) {
            if (isDone()) {
                return isCancelled();
            }
            Object now = awaited;
            if (now instanceof Cancelled) {
                return true;
            }
            if (AWAITED.compareAndSet(this, now, new Cancelled((CompletableFuture<?>) now))) {
                ((CompletableFuture<?>) now).cancel(mayInterruptIfRunning);
                return true;
            }
        }
    }

    /** The awaited future once a cancel came: the next suspension cancels its own future at once. */
    private static final class Cancelled {
        final CompletableFuture<?> future;

        Cancelled(CompletableFuture<?> future) {
            this.future = future;
        }
    }
}
