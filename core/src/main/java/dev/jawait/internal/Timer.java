package dev.jawait.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared timer for sleeps outside any event loop: one daemon thread, "jawait-timer", keeps every pending sleep in
 * one heap and hands each due sleep to the common pool to complete.
 */
public final class Timer {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    /**
     * New sleeps and cancelled sleeps whose entry should go; the timer thread tells them apart by whether the sleep
     * is done.
     */
    private final Queue<Sleep> inbox = new ConcurrentLinkedQueue<>();
    /** Touched only by the timer thread. */
    private final SleepHeap heap = new SleepHeap();
    /** True while the timer thread is parked or about to park, so that only then do others pay for an unpark. */
    private final AtomicBoolean parked = new AtomicBoolean();
    private final Thread thread;
    /** The heap's size after the timer thread's last turn, for diagnostics and tests. */
    private volatile int pendingAfterLastTurn;

    private Timer() {
        thread = DaemonThreads.newDaemon(this::runForever, "jawait-timer");
    }

    /** Holds the one timer, so that its thread starts on first use only. */
    private static final class Shared {
        static final Timer TIMER = startTimer();

        private static Timer startTimer() {
            Timer timer = new Timer();
            timer.thread.start();
            return timer;
        }
    }

    /**
     * A future completed, on a common-pool thread, once {@code nanos} nanoseconds have passed. Cancelling it removes
     * its entry from the timer. Callable from any thread.
     */
    public static CompletableFuture<Void> sleep(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot sleep for a negative time: " + nanos + " ns");
        }
        Sleep sleep = Sleep.after(nanos, null);
        adopt(sleep);
        return sleep;
    }

    /**
     * Number of sleeps the timer thread held after its last turn; sleeps submitted or cancelled since then may not
     * be counted yet.
     */
    public static int pendingSleeps() {
        return Shared.TIMER.pendingAfterLastTurn;
    }

    /** Hands {@code sleep} to the timer thread, which keeps it until its deadline. */
    private static void adopt(Sleep sleep) {
        Shared.TIMER.submit(sleep);
    }

    /** Asks the timer thread to drop the entry of {@code sleep}, which has just been cancelled or completed early. */
    static void forget(Sleep sleep) {
        Shared.TIMER.submit(sleep);
    }

    private void submit(Sleep sleep) {
        inbox.offer(sleep);
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void runForever() {
        while (true) {
            try {
                takeInbox();
                fireDue();
                pendingAfterLastTurn = heap.size();
                parkUntilNextDeadline();
            } catch (Throwable unexpected) {
                LOG.log(System.Logger.Level.ERROR, "jawait-timer hit an unexpected error and goes on", unexpected);
            }
        }
    }

    private void takeInbox() {
        Sleep sleep;
        while ((sleep = inbox.poll()) != null) {
            if (!sleep.isDone()) {
                if (sleep.heapIndex < 0) {
                    heap.add(sleep);
                }
            } else {
                heap.remove(sleep);
            }
        }
    }

    private void fireDue() {
        long now = System.nanoTime();
        Sleep first;
        while ((first = heap.peek()) != null && first.deadline - now <= 0) {
            heap.poll();
            if (!first.isDone()) {
                complete(first);
            }
        }
    }

    // Completing runs the sleeper's callbacks; doing that elsewhere keeps a slow callback from delaying other sleeps.
    private static void complete(Sleep sleep) {
        try {
            ForkJoinPool.commonPool().execute(sleep::fire);
        } catch (RejectedExecutionException poolRefused) {
            sleep.fire();
        }
    }

    private void parkUntilNextDeadline() {
        parked.set(true);
        // Checked after announcing the park: a submitter that saw parked == false left its sleep where this sees it.
        if (inbox.isEmpty()) {
            Sleep first = heap.peek();
            if (first == null) {
                LockSupport.park(this);
            } else {
                long delay = first.deadline - System.nanoTime();
                if (delay > 0) {
                    LockSupport.parkNanos(this, delay);
                }
            }
        }
        parked.set(false);
        // Nobody should interrupt this thread; if someone does, a set flag would make every later park return at once.
        Thread.interrupted();
    }
}
