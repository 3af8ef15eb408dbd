package dev.jawait;

/**
 * Where a failure went after it was thrown: the {@code await}s, in rewritten methods, that it passed through on its
 * way up, innermost first. jawait attaches one to an exception as a suppressed exception the first time the exception
 * fails an await, so that {@code printStackTrace()} shows the async callers as well as the thread's frames:
 * <pre>
 * java.io.IOException: connection reset
 *     at com.example.Client.read(Client.java:40)
 *     ...
 *     Suppressed: dev.jawait.AsyncStackTrace: awaited at
 *         at com.example.Repository.load(Repository.java:25)
 *         at com.example.Service.handle(Service.java:12)
 * </pre>
 * It costs nothing until an await fails. {@code -Djawait.asyncStackTraces=false} turns it off. When several calls
 * await the same failed future, each adds its await. Like the JVM's own traces, it keeps the innermost
 * {@value #MAX_AWAITS} awaits and counts the others in its message: a failure that unwinds a chain 50,000 calls deep
 * must not copy a growing trace at every level.
 */
public final class AsyncStackTrace extends Throwable {
    /** The system property that turns async stack traces off. */
    public static final String PROPERTY = "jawait.asyncStackTraces";
    private static final long serialVersionUID = 1L;
    private static final boolean ENABLED = !"false".equals(System.getProperty(PROPERTY));
    /** How many awaits a trace lists; the JVM's default for a thread's trace ({@code MaxJavaStackTraceDepth}). */
    public static final int MAX_AWAITS = 1024;
    private static final StackTraceElement[] NONE = new StackTraceElement[0];

    /** Awaits listed in the trace, kept apart so that a full trace is not copied to be measured. */
    private int listed;
    /** Awaits the failure passed after the trace was full. */
    private long omitted;
    /**
     * The calls that recorded the listed awaits, held weakly (a reused exception must not keep them alive): a call met
     * again means the exception came round again, thrown anew. Their identity hashes are kept beside them so that the
     * scan compares ints; a hash alone is not enough, as two calls of a deep chain share one now and then. Not
     * serialized (a weak reference cannot be): a trace read back knows none of its callers.
     */
    private transient int[] callerHashes = new int[8];
    private transient java.lang.ref.WeakReference<?>[] callers = new java.lang.ref.WeakReference<?>[8];

    private AsyncStackTrace() {
        super("awaited at", null, false, true);
        setStackTrace(NONE);
    }

    /** None: the trace is the awaits it lists, and a walk of the thread's stack would cost at every new failure. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * Adds the await at {@code line} of {@code method} of {@code className} (in {@code fileName}) to the async trace
     * of {@code failure}. Called by the runtime when a rewritten method resumes with a failure.
     */
    public static void record(Throwable failure, String className, String method, String fileName, int line) {
        record(failure, null, className, method, fileName, line);
    }

    /**
     * As {@link #record(Throwable, String, String, String, int)}, for the await of {@code caller}, a call: if that call
     * has recorded an await in this trace already, the exception is one thrown again (a preallocated exception in a
     * retry loop, say), and the trace keeps only what was recorded since, so that it shows the path of the latest
     * throw, not of the first.
     */
    public static void record(Throwable failure, Object caller, String className, String method, String fileName,
            int line) {
        if (!ENABLED || failure == null || failure instanceof AsyncStackTrace) {
            return;
        }
        AsyncStackTrace trace = find(failure);
        if (trace == null) {
            synchronized (failure) {
                trace = find(failure);
                if (trace == null) {
                    trace = new AsyncStackTrace();
                    failure.addSuppressed(trace);
                    if (find(failure) == null) {
                        return; // the exception was built with suppression disabled
                    }
                }
            }
        }
        trace.add(caller, new StackTraceElement(className, method, fileName, line));
    }

    /** The async trace attached to {@code failure}, or null. */
    public static AsyncStackTrace of(Throwable failure) {
        return find(failure);
    }

    private static AsyncStackTrace find(Throwable failure) {
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof AsyncStackTrace) {
                return (AsyncStackTrace) suppressed;
            }
        }
        return null;
    }

    /** "awaited at", and how many outer awaits were left out when there were more than {@value #MAX_AWAITS}. */
    @Override
    public synchronized String getMessage() {
        return omitted == 0 ? super.getMessage()
                : super.getMessage() + " (the innermost " + MAX_AWAITS + " awaits; " + omitted + " more omitted)";
    }

    private synchronized void add(Object caller, StackTraceElement element) {
        if (callers == null) { // read back from a stream
            callerHashes = new int[Math.max(8, listed)];
            callers = new java.lang.ref.WeakReference<?>[callerHashes.length];
        }
        int callerHash = caller == null ? 0 : System.identityHashCode(caller);
        int lastLap = caller == null ? -1 : indexOf(caller, callerHash);
        if (lastLap >= 0) {
            // What the caller listed before, and all under it, belongs to an earlier throw; what came after it is this
            // throw's path so far.
            StackTraceElement[] kept = java.util.Arrays.copyOfRange(getStackTrace(), lastLap + 1, listed);
            System.arraycopy(callerHashes, lastLap + 1, callerHashes, 0, kept.length);
            System.arraycopy(callers, lastLap + 1, callers, 0, kept.length);
            java.util.Arrays.fill(callers, kept.length, listed, null);
            setStackTrace(kept);
            listed = kept.length;
            omitted = 0;
        }
        if (listed >= MAX_AWAITS) {
            if (omitted < Long.MAX_VALUE) {
                omitted++;
            }
            return;
        }
        StackTraceElement[] before = getStackTrace();
        StackTraceElement[] after = java.util.Arrays.copyOf(before, before.length + 1);
        after[before.length] = element;
        setStackTrace(after);
        if (listed == callers.length) {
            callerHashes = java.util.Arrays.copyOf(callerHashes, listed * 2);
            callers = java.util.Arrays.copyOf(callers, listed * 2);
        }
        callerHashes[listed] = callerHash;
        callers[listed] = caller == null ? null : new java.lang.ref.WeakReference<>(caller);
        listed = after.length;
    }

    private int indexOf(Object caller, int callerHash) {
        for (int i = listed - 1; i >= 0; i--) {
            if (callerHashes[i] == callerHash && callers[i] != null && callers[i].get() == caller) {
                return i;
            }
        }
        return -1;
    }
}
