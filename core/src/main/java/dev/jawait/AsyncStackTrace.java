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
    private int omitted;

    private AsyncStackTrace() {
        super("awaited at", null, false, true);
        setStackTrace(NONE);
    }

    /**
     * Adds the await at {@code line} of {@code method} of {@code className} (in {@code fileName}) to the async trace
     * of {@code failure}. Called by the runtime when a rewritten method resumes with a failure.
     */
    public static void record(Throwable failure, String className, String method, String fileName, int line) {
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
        trace.add(new StackTraceElement(className, method, fileName, line));
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

    private synchronized void add(StackTraceElement element) {
        if (listed >= MAX_AWAITS) {
            omitted++;
            return;
        }
        StackTraceElement[] before = getStackTrace();
        StackTraceElement[] after = java.util.Arrays.copyOf(before, before.length + 1);
        after[before.length] = element;
        setStackTrace(after);
        listed = after.length;
    }
}
