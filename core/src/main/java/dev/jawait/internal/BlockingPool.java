package dev.jawait.internal;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@code Tasks.toThread} runs blocking code: a new virtual thread per task when the JDK has them (21+, found by
 * reflection since the runtime compiles for Java 11), else a bounded pool of daemon threads named
 * "jawait-blocking-N" that queues the tasks it has no thread for. {@value #THREADS_PROPERTY} sets the pool's size
 * (default: 4 per processor, at least 8); {@value #VIRTUAL_PROPERTY}{@code =false} uses the pool even where virtual
 * threads exist.
 */
public final class BlockingPool {
    /** System property: the number of pool threads when virtual threads are not used. */
    public static final String THREADS_PROPERTY = "jawait.blockingThreads";
    /** System property: {@code false} to use the pool even where the JDK has virtual threads. */
    public static final String VIRTUAL_PROPERTY = "jawait.virtualThreads";

    private BlockingPool() {
    }

    /** Holds the executor, so that it is made on first use only. */
    private static final class Shared {
        static final Executor EXECUTOR = create();
    }

    /** The executor for blocking tasks. */
    public static Executor executor() {
        return Shared.EXECUTOR;
    }

    /** Whether blocking tasks run on virtual threads. */
    public static boolean usesVirtualThreads() {
        return !(Shared.EXECUTOR instanceof ThreadPoolExecutor);
    }

    /** The most blocking tasks that run at once, or {@code Integer.MAX_VALUE} on virtual threads. */
    public static int maxThreads() {
        Executor executor = Shared.EXECUTOR;
        return executor instanceof ThreadPoolExecutor ? ((ThreadPoolExecutor) executor).getMaximumPoolSize()
                : Integer.MAX_VALUE;
    }

    private static Executor create() {
        if (!"false".equals(System.getProperty(VIRTUAL_PROPERTY))) {
            try {
                Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
                return (Executor) factory.invoke(null);
            } catch (ReflectiveOperationException noVirtualThreads) {
                // Before JDK 21: the pool below.
            }
        }
        int threads = poolSize();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Named());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * {@value #THREADS_PROPERTY}, or the default if it is unset or not a positive number: a bad value is logged rather
     * than thrown, since it would be thrown from this class's initialization and every later blocking task would get
     * a bare {@code NoClassDefFoundError}.
     */
    static int poolSize() {
        int byDefault = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        String set = System.getProperty(THREADS_PROPERTY);
        if (set == null) {
            return byDefault;
        }
        try {
            int threads = Integer.parseInt(set.trim());
            if (threads > 0) {
                return threads;
            }
        } catch (NumberFormatException notANumber) {
            // logged below
        }
        System.getLogger("dev.jawait").log(System.Logger.Level.WARNING, "jawait: -D" + THREADS_PROPERTY + "=" + set
                + " is not a positive number of threads; using " + byDefault);
        return byDefault;
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return DaemonThreads.newDaemon(task, "jawait-blocking-" + count.incrementAndGet());
        }
    }
}
