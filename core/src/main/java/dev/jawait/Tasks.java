package dev.jawait;

import dev.jawait.internal.AwaitSupport;
import dev.jawait.internal.EventLoop;
import dev.jawait.internal.Failures;
import dev.jawait.internal.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Runs, pauses and combines asynchronous work, after Python's asyncio: run, sleep and gather. */
public final class Tasks {
    private Tasks() {
    }

    /**
     * A future that completes once {@code duration} has passed, without blocking any thread. On an event loop's
     * thread (inside {@link #run}) the loop keeps the time and completes the future on its own thread, so that code
     * awaiting it resumes there; elsewhere one shared timer thread keeps the time and the future completes on a
     * {@link java.util.concurrent.ForkJoinPool#commonPool() common-pool} thread. A zero duration completes at the
     * loop's next turn, or at once outside a loop. Cancelling the future drops its timer.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static CompletableFuture<Void> sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep for a negative duration: " + duration);
        }
        return sleepNanos(saturatedNanos(duration));
    }

    /**
     * A future that completes once {@code millis} milliseconds have passed; see {@link #sleep(Duration)}.
     *
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static CompletableFuture<Void> sleep(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("cannot sleep for a negative time: " + millis + " ms");
        }
        return sleepNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * A future of the values of all {@code stages}, in argument order, once all have completed; see {@link
     * #gather(Collection)}.
     *
     * @throws NullPointerException at once if the array or any stage is null
     */
    @SafeVarargs
    public static <T> CompletableFuture<List<T>> gather(CompletionStage<? extends T>... stages) {
        return gather(Arrays.asList(stages));
    }

    /**
     * A future of the values of all {@code stages}, in the collection's iteration order, once all have completed. The
     * list is unmodifiable and may hold nulls. As soon as one stage fails, the returned future fails with that
     * stage's own exception (not a {@link java.util.concurrent.CompletionException} around it); the other stages are
     * left running. No stages give a completed empty list.
     *
     * @throws NullPointerException at once if the collection or any stage is null
     */
    public static <T> CompletableFuture<List<T>> gather(Collection<? extends CompletionStage<? extends T>> stages) {
        Object[] snapshot = stages.toArray();
        for (int i = 0; i < snapshot.length; i++) {
            Objects.requireNonNull(snapshot[i], "gather: stage " + i + " is null");
        }
        Gathering<T> gathering = new Gathering<>(snapshot.length);
        for (int i = 0; i < snapshot.length; i++) {
            @SuppressWarnings("unchecked")
            CompletionStage<? extends T> stage = (CompletionStage<? extends T>) snapshot[i];
            stage.whenComplete(gathering.slot(i));
        }
        return gathering.result;
    }

    /**
     * Runs {@code main} on a new event loop bound to the calling thread and returns its result, like Python's {@code
     * asyncio.run}. {@code main.get()} is called on the loop, and so is every task the loop runs: code that awaits
     * there resumes on this thread, and {@link #sleep} uses the loop's timers. The loop runs until the stage {@code
     * main} returned completes, from whichever thread, and then closes: tasks still queued run before this method
     * returns, and sleeps still pending move to the shared timer.
     *
     * <p>If {@code main.get()} throws or its stage fails, this throws that exception as it was raised (even a
     * checked one, undeclared), not wrapped in a {@link java.util.concurrent.CompletionException}; if the calling
     * thread is interrupted while the loop waits for work, it throws {@link InterruptedException}, undeclared too.
     *
     * @param <T> the type of the stage's value
     * @param main starts the program's main task, on the loop
     * @return the value the stage completed with
     * @throws IllegalStateException if the calling thread is already running an event loop
     */
    public static <T> T run(Supplier<? extends CompletionStage<T>> main) {
        Objects.requireNonNull(main, "main");
        if (EventLoop.current() != null) {
            throw new IllegalStateException("Tasks.run cannot be called from inside a running event loop");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            EventLoop.run(() -> start(main, result), result);
        } catch (InterruptedException interrupted) {
            throw Failures.sneakyThrow(interrupted);
        }
        @SuppressWarnings("unchecked")
        T value = (T) AwaitSupport.resultOf(result);
        return value;
    }

    private static <T> void start(Supplier<? extends CompletionStage<T>> main, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = main.get();
        } catch (Throwable failure) {
            result.completeExceptionally(failure);
            return;
        }
        if (stage == null) {
            result.completeExceptionally(
                    new NullPointerException("the main function given to Tasks.run returned null, not a stage"));
            return;
        }
        Failures.relay(stage, result);
    }

    private static CompletableFuture<Void> sleepNanos(long nanos) {
        EventLoop loop = EventLoop.current();
        if (loop != null) {
            return loop.sleep(nanos);
        }
        return nanos == 0 ? CompletableFuture.completedFuture(null) : Timer.sleep(nanos);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The state of one {@link #gather} call: the values so far and how many stages are still to complete. */
    private static final class Gathering<T> {
        final CompletableFuture<List<T>> result = new CompletableFuture<>();
        private final Object[] values;
        private final AtomicInteger remaining;

        Gathering(int count) {
            values = new Object[count];
            remaining = new AtomicInteger(count);
            if (count == 0) {
                result.complete(List.of());
            }
        }

        BiConsumer<Object, Throwable> slot(int index) {
            return (value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(Failures.unwrap(failure));
                    return;
                }
                values[index] = value;
                // The last decrement sees every value stored before the others' decrements.
                if (remaining.decrementAndGet() == 0) {
                    @SuppressWarnings("unchecked")
                    List<T> inOrder = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
                    result.complete(inOrder);
                }
            };
        }
    }
}
