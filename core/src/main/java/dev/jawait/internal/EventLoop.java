package dev.jawait.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An event loop bound to one thread, like asyncio's: it runs submitted tasks one at a time in submission order,
 * completes its own timers, and parks the thread while there is nothing to do.
 *
 * <p>A turn of the loop drops the timers of cancelled sleeps, completes the sleeps that are due (their callbacks run
 * right there, on the loop thread), runs ready tasks, and then parks until the next deadline or a wakeup if no task
 * is ready and no timer is due.
 *
 * <p>A loop with <em>virtual time</em> keeps its own clock, which starts at zero and moves only when the loop has
 * nothing ready to run: then it jumps straight to the next deadline instead of parking, so an hour's sleep is over at
 * once and sleeps complete in deadline order, then start order, whatever the machine's speed. It parks only while no
 * sleep is pending (waiting for other threads).
 *
 * <p>The loop ends as {@code asyncio.run} does: once the awaited future is done, the tasks spawned on it and still
 * pending are cancelled and the loop runs on until they have stopped, so that their cleanup (which may await) runs on
 * the loop thread; then its timers still pending are cancelled and it closes.
 */
public final class EventLoop {
    private static final System.Logger LOG = System.getLogger("dev.jawait");
    /** Tasks that keep submitting tasks must not starve the timers: after this many, the loop looks at them again. */
    private static final int TASKS_PER_TURN = 1024;

    private final Thread thread;
    private final boolean virtualTime;
    /** The virtual clock, in nanoseconds since the loop started; touched by the loop thread only. */
    private long virtualNow;
    /** {@link System#nanoTime} when a real-time loop started, for {@link #elapsedNanos()}. */
    private final long startedAt = System.nanoTime();
    private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
    /** Touched only by the loop thread. */
    private final SleepHeap timers = new SleepHeap();
    /**
     * Tasks {@linkplain #spawn spawned} on this loop and not yet done, cancelled when the loop ends. Added to on the
     * loop thread, removed from by whichever thread completes a task.
     */
    private final Set<SpawnedTask<?>> tasks = ConcurrentHashMap.newKeySet();
    /** Sleeps cancelled from any thread whose timers the loop thread has yet to drop. */
    private final Queue<Sleep> cancelledTimers = new ConcurrentLinkedQueue<>();
    /** True while the loop thread is parked or about to park, so that only then do submitters pay for an unpark. */
    private final AtomicBoolean parked = new AtomicBoolean();
    private volatile boolean closed;
    /** True while the closed loop runs the tasks still queued; read and written by the loop thread only. */
    private boolean draining;

    private EventLoop(Thread thread, boolean virtualTime) {
        this.thread = thread;
        this.virtualTime = virtualTime;
    }

    /** The loop running on the calling thread, or null if there is none. */
    public static EventLoop current() {
        return ThreadState.current().loop;
    }

    /**
     * Binds a new loop to the calling thread and runs it: {@code firstTask} first, then turn after turn until {@code
     * until} is done, whichever thread completes it. Then, like {@code asyncio.run}, it cancels every task {@linkplain
     * #spawn spawned} on it that is still pending and runs on until they have all stopped (tasks they spawn meanwhile
     * are cancelled in turn), so that their cleanup runs on this thread; a task that then ends with a failure other
     * than its cancellation is logged. Then the loop closes: its pending timers are cancelled, and the tasks still
     * queued run on this thread before this method returns. Exceptions thrown by tasks, {@code firstTask} included,
     * are logged and do not stop the loop.
     *
     * @throws IllegalStateException if a loop is already running on the calling thread
     * @throws InterruptedException if the calling thread is interrupted while the loop waits for work; the loop then
     *     closes at once, without waiting for the tasks it cancels, and {@code until} may still be pending
     */
    public static void run(Runnable firstTask, CompletableFuture<?> until) throws InterruptedException {
        run(firstTask, until, false);
    }

    /**
     * Like {@link #run(Runnable, CompletableFuture)}; with {@code virtualTime}, the loop keeps a virtual clock (see the
     * class comment).
     */
    public static void run(Runnable firstTask, CompletableFuture<?> until, boolean virtualTime)
            throws InterruptedException {
        Objects.requireNonNull(firstTask, "firstTask");
        Objects.requireNonNull(until, "until");
        ThreadState thread = ThreadState.current();
        if (thread.loop != null) {
            throw new IllegalStateException("an event loop is already running on thread " + Thread.currentThread());
        }
        EventLoop loop = new EventLoop(Thread.currentThread(), virtualTime);
        thread.loop = loop;
        try {
            loop.execute(firstTask);
            loop.runUntil(until);
            loop.cancelPendingTasks();
        } finally {
            try {
                loop.close();
            } finally {
                thread.loop = null;
            }
        }
    }

    /**
     * Schedules {@code task} to run on the loop thread at a later turn, after every task submitted before it. Callable
     * from any thread.
     *
     * <p>Once the loop has closed, {@code task} runs on the calling thread before this method returns instead, so
     * that no work is lost to a race with closing. Either way, an exception thrown by {@code task} is logged, not
     * thrown to the caller.
     */
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        ready.offer(task);
        if (closed) {
            // The closing loop drains the queue after setting closed, so the task is run either by that drain or,
            // if this thread takes it back first, right here; remove() decides which, exactly once.
            boolean drainWillRunIt = Thread.currentThread() == thread && draining;
            if (!drainWillRunIt && ready.remove(task)) {
                runSafely(task);
            }
        } else if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Starts {@code task} at a later turn, as {@link #execute} does, and keeps it as a task of the loop: if it is still
     * pending when the loop's run ends, it is cancelled and the loop waits for it to stop. Call on the loop thread.
     */
    public void spawn(SpawnedTask<?> task) {
        if (closed) { // spawned by a callback the closing loop drains: it would run with nobody to cancel it
            task.cancel(true);
            return;
        }
        tasks.add(task);
        // Bookkeeping, not a reader: a failure nobody awaits is logged.
        task.whenDoneUnread((value, failure) -> tasks.remove(task));
        execute(task);
    }

    /** The loop's clock: its virtual time, or {@link System#nanoTime}. Call on the loop thread only. */
    long now() {
        return virtualTime ? virtualNow : System.nanoTime();
    }

    /** Nanoseconds of the loop's clock since the loop started. Call on the loop thread only. */
    public long elapsedNanos() {
        return virtualTime ? virtualNow : System.nanoTime() - startedAt;
    }

    /** Whether the loop keeps a virtual clock. */
    public boolean hasVirtualTime() {
        return virtualTime;
    }

    /** Whether the loop's run has ended. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * A future that the loop thread completes once {@code nanos} nanoseconds have passed, at the earliest at the
     * loop's next turn; sleeps due at the same time complete in the order they were started. Cancelling the future
     * drops its timer at the loop's next turn. On a loop that has closed, the sleep is cancelled at once: the loop's
     * time is over, and no other thread may resume what it would wake.
     *
     * @throws IllegalStateException if not called on the loop thread
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public CompletableFuture<Void> sleep(long nanos) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("EventLoop.sleep must be called on the loop's own thread, " + thread
                    + ", not on " + Thread.currentThread());
        }
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot sleep for a negative time: " + nanos + " ns");
        }
        Sleep sleep = Sleep.after(nanos, this);
        if (closed) {
            sleep.cancelDropped();
            return sleep;
        }
        timers.add(sleep);
        return sleep;
    }

    /**
     * Number of timers the loop holds, cancelled ones included until the next turn drops them. Call on the loop
     * thread only.
     */
    public int pendingSleeps() {
        return timers.size();
    }

    /** Told by a sleep of this loop that it was cancelled or completed early, from any thread. */
    void forget(Sleep sleep) {
        // Closing empties the heap, so a sleep cancelled after that has no timer left to drop.
        if (!closed) {
            cancelledTimers.offer(sleep);
        }
    }

    /**
     * asyncio.run's cleanup: cancels every task still pending, runs the loop until they have all stopped, and logs
     * those that then failed with anything but their cancellation, since nobody is left to read their outcome.
     */
    private void cancelPendingTasks() throws InterruptedException {
        List<SpawnedTask<?>> cancelled = new ArrayList<>();
        // Rounds, because a task's cleanup may spawn tasks of its own; those are cancelled (before they start) next.
        while (!tasks.isEmpty()) {
            List<SpawnedTask<?>> round = new ArrayList<>(tasks);
            for (SpawnedTask<?> task : round) {
                task.cancel(true);
            }
            cancelled.addAll(round);
            runUntil(CompletableFuture.allOf(round.toArray(new CompletableFuture<?>[0])));
        }
        for (SpawnedTask<?> task : cancelled) {
            Throwable failure = Failures.failureOf(task);
            if (failure != null && !(failure instanceof CancellationException)) {
                LOG.log(System.Logger.Level.ERROR, "a task still pending when the jawait event loop's main call"
                        + " completed was cancelled, and its cleanup failed", failure);
            }
        }
    }

    private void runUntil(CompletableFuture<?> until) throws InterruptedException {
        until.whenComplete((value, failure) -> wakeUp());
        while (!until.isDone()) {
            dropCancelledTimers();
            fireDueTimers();
            runReadyTasks();
            if (!until.isDone()) {
                waitForWork(until);
            }
        }
    }

    private void dropCancelledTimers() {
        Sleep cancelled;
        while ((cancelled = cancelledTimers.poll()) != null) {
            timers.remove(cancelled);
        }
    }

    private void fireDueTimers() {
        long now = now();
        // A callback that starts a zero sleep must not get it completed in this same pass, or it could loop forever.
        long startedBeforeThisPass = timers.nextSequence();
        Sleep first;
        while ((first = timers.peek()) != null && first.deadline - now <= 0 && first.sequence < startedBeforeThisPass) {
            timers.poll();
            first.fire();
        }
    }

    private void runReadyTasks() {
        for (int i = 0; i < TASKS_PER_TURN; i++) {
            Runnable task = ready.poll();
            if (task == null) {
                return;
            }
            runSafely(task);
        }
    }

    private void waitForWork(CompletableFuture<?> until) throws InterruptedException {
        if (Thread.interrupted()) { // once a turn: a loop that always has work, or virtual time to jump, never parks
            throw new InterruptedException("the thread of a jawait event loop was interrupted");
        }
        if (!ready.isEmpty()) {
            return;
        }
        if (virtualTime && jumpToNextDeadline()) {
            return;
        }
        Sleep first = timers.peek();
        long delay = first == null ? 0 : first.deadline - System.nanoTime();
        if (first != null && delay <= 0) {
            return;
        }
        parked.set(true);
        try {
            // Checked after announcing the park: whoever submitted a task or completed until while parked was still
            // false left it where these checks see it.
            if (ready.isEmpty() && !until.isDone()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("the thread of a jawait event loop was interrupted");
                }
                if (first == null) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, delay);
                }
            }
        } finally {
            parked.set(false);
        }
    }

    /** Moves the virtual clock to the first live timer's deadline; false if no timer is pending. */
    private boolean jumpToNextDeadline() {
        // Sleeps cancelled during this turn are dropped first, so that the clock only ever stops at live deadlines.
        dropCancelledTimers();
        Sleep first;
        while ((first = timers.peek()) != null && first.isDone()) {
            timers.poll();
        }
        if (first == null) {
            return false;
        }
        if (first.deadline - virtualNow > 0) {
            virtualNow = first.deadline;
        }
        return true;
    }

    private void wakeUp() {
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void close() {
        closed = true;
        // Only an interrupted run gets here with tasks left: they are cancelled, but nothing waits for them any more.
        for (SpawnedTask<?> task : new ArrayList<>(tasks)) {
            task.cancel(true);
        }
        for (Sleep sleep : timers.drain()) {
            if (!sleep.isDone()) {
                sleep.cancelDropped();
            }
        }
        cancelledTimers.clear();
        draining = true;
        try {
            Runnable task;
            while ((task = ready.poll()) != null) {
                runSafely(task);
            }
        } finally {
            draining = false;
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable failure) {
            LOG.log(System.Logger.Level.WARNING, "a task on a jawait event loop threw; the loop goes on", failure);
        }
    }
}
