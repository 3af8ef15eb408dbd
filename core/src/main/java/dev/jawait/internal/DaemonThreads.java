package dev.jawait.internal;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Starts the runtime's own long-lived threads (the timer, the blocking pool) without tying them to whoever caused
 * them to start. A thread keeps its creator's context class loader, and before Java 24 an access-control context
 * holding the protection domain, and so the class loader, of every class on the creating stack: a timer first
 * started by a redeployable application would pin that application's loader for the life of the JVM. It would also
 * inherit its creator's {@code InheritableThreadLocal} values (one request's data, seen by every later blocking task
 * on that thread) and its priority.
 */
final class DaemonThreads {
    private DaemonThreads() {
    }

    @SuppressWarnings("removal") // AccessController is gone in effect from Java 24 on, and harmless there.
    static Thread newDaemon(Runnable task, String name) {
        PrivilegedAction<Thread> create = () -> {
            Thread thread = new Thread(null, task, name, 0, false); // no inheritable thread-locals
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY);
            thread.setContextClassLoader(DaemonThreads.class.getClassLoader());
            return thread;
        };
        // doPrivileged limits the captured context to this class's own protection domain.
        return AccessController.doPrivileged(create);
    }
}
