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
 * await the same failed future, each adds its await.
 */
public final class AsyncStackTrace extends Throwable {
    /** The system property that turns async stack traces off. */
    public static final String PROPERTY = "jawait.asyncStackTraces";
    private static final long serialVersionUID = 1L;
    private static final boolean ENABLED = !"false".equals(System.getProperty(PROPERTY));
    private static final StackTraceElement[] NONE = new StackTraceElement[0];

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

    private synchronized void add(StackTraceElement element) {
        StackTraceElement[] before = getStackTrace();
        StackTraceElement[] after = java.util.Arrays.copyOf(before, before.length + 1);
        after[before.length] = element;
        setStackTrace(after);
    }
}
