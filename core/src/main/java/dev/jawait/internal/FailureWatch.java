package dev.jawait.internal;

import java.lang.ref.Cleaner;

/**
 * Logs the failure of a jawait future that is garbage-collected with nobody having retrieved it, as asyncio logs
 * "Task exception was never retrieved": a dropped future otherwise loses its failure without a trace. Armed only
 * when a future fails with no one registered on it, so it costs nothing on the success path. It must not reach the
 * future it watches, or that future would never be collected.
 */
final class FailureWatch implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.jawait");

    /** Started on the first failure that nobody has retrieved yet. */
    private static final class Shared {
        static final Cleaner CLEANER = Cleaner.create();
    }

    private final String what;
    private final boolean nameTheThrow;
    private final Throwable failure;
    /** Set once someone reads the failure after all. */
    volatile boolean retrieved;

    private FailureWatch(String what, boolean nameTheThrow, Throwable failure) {
        this.what = what;
        this.nameTheThrow = nameTheThrow;
        this.failure = failure;
    }

    /**
     * Watches {@code future}, which has just failed with {@code failure}; {@code what} names it in the log, followed,
     * if {@code nameTheThrow}, by where the failure was thrown.
     */
    static FailureWatch watch(Object future, String what, boolean nameTheThrow, Throwable failure) {
        FailureWatch watch = new FailureWatch(what, nameTheThrow, failure);
        Shared.CLEANER.register(future, watch);
        return watch;
    }

    /** The failure as raised, for an await to rethrow. */
    Throwable raised() {
        return Failures.unwrap(failure);
    }

    @Override
    public void run() {
        if (!retrieved) {
            LOG.log(System.Logger.Level.ERROR, "jawait: the failure of " + what + thrownAt() + " was never retrieved"
                    + " (nobody awaited, joined or registered on its future before it was garbage-collected)",
                    failure);
        }
    }

    private String thrownAt() {
        StackTraceElement[] trace = nameTheThrow ? failure.getStackTrace() : new StackTraceElement[0];
        return trace.length == 0 ? "" : " (thrown at " + trace[0].getClassName() + "." + trace[0].getMethodName()
                + ", " + trace[0].getFileName() + ":" + trace[0].getLineNumber() + ")";
    }
}
