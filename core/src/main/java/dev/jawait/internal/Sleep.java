package dev.jawait.internal;

/**
 * One pending sleep: the future handed to the sleeper and, to keep a million of them cheap, its own entry in a
 * {@link SleepHeap} as well.
 */
final class Sleep extends LinkableFuture<Void> {
    /**
     * The longest delay honoured, about 146 years: deadlines compare by subtraction, which stays right only while
     * any two of them are less than 2^63 ns apart.
     */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

    /** The time at which the sleep is due: {@link System#nanoTime}, or the holding loop's virtual clock. */
    final long deadline;
    /** The loop whose heap holds this sleep, or null for the shared {@link Timer}; told when the sleep is cancelled. */
    private final EventLoop loop;
    /** Breaks deadline ties in the order sleeps entered the heap; set by the heap that holds the sleep. */
    long sequence;
    /**
     * Position in the holding {@link SleepHeap}'s heap, a large value while in its in-order run, or -1 when held by
     * none; touched only by the holder's owning thread.
     */
    int heapIndex = -1;

    /** A sleep due at {@code deadline}; {@link #after} for a delay. */
    Sleep(long deadline, EventLoop loop) {
        this.deadline = deadline;
        this.loop = loop;
    }

    /** A sleep due {@code nanos} (at least 0) from now, held by {@code loop}, or by the shared timer if null. */
    static Sleep after(long nanos, EventLoop loop) {
        long now = loop != null ? loop.now() : System.nanoTime();
        return new Sleep(now + Math.min(nanos, MAX_DELAY_NANOS), loop);
    }

    /** Whether this sleep is due before {@code other}: earlier deadline first, then earlier entry. */
    boolean isBefore(Sleep other) {
        long difference = deadline - other.deadline; // subtraction, because nanoTime values may wrap
        return difference < 0 || (difference == 0 && sequence < other.sequence);
    }

    /** Completes the sleep at its deadline: called by its owner, which has taken the entry out already. */
    void fire() {
        super.complete(null);
    }

    /**
     * Completes the sleep early, and asks its owner to drop the entry: a sleep of a year that a program completes, or
     * that {@code orTimeout} ends, would otherwise stay in the owner's heap for that year.
     */
    @Override
    public boolean complete(Void value) {
        return forgotten(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        return forgotten(super.completeExceptionally(failure));
    }

    @Override
    public void obtrudeValue(Void value) {
        super.obtrudeValue(value);
        forgotten(true);
    }

    @Override
    public void obtrudeException(Throwable failure) {
        super.obtrudeException(failure);
        forgotten(true);
    }

    /** Cancels the sleep without telling its owner, which is dropping it already. */
    void cancelDropped() {
        super.cancel(false);
    }

    /** Cancels the sleep and asks its owner to drop the entry, so that cancelled sleeps do not pile up in memory. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return forgotten(super.cancel(mayInterruptIfRunning));
    }

    /** Asks the owner to drop the entry if {@code completed} says this sleep has just been completed early. */
    private boolean forgotten(boolean completed) {
        if (completed) {
            if (loop != null) {
                loop.forget(this);
            } else {
                Timer.forget(this);
            }
        }
        return completed;
    }

    /**
     * Waits for the sleep to complete, as {@code CompletableFuture.join} does.
     *
     * @throws IllegalStateException if the sleep is pending and this is the thread of the event loop that completes
     *     it, which could never do so while blocked here
     */
    @Override
    public Void join() {
        LoopDeadlock.refuseBlockingWait(this, loop, "join()");
        return super.join();
    }

    /** As {@link #join()}, refused on the thread of the owning loop while pending. */
    @Override
    public Void get() throws InterruptedException, java.util.concurrent.ExecutionException {
        LoopDeadlock.refuseBlockingWait(this, loop, "get()");
        return super.get();
    }

    /** As {@link #join()}, refused on the thread of the owning loop while pending. */
    @Override
    public Void get(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        LoopDeadlock.refuseBlockingWait(this, loop, "get(timeout)");
        return super.get(timeout, unit);
    }
}
