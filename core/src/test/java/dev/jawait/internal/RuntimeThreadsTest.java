package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own threads and the blocking tasks run on other threads take nothing from whoever happened to start
 * them, and leave the thread they ran on as they found it.
 */
class RuntimeThreadsTest {
    private static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

    @Test
    void aRuntimeThreadInheritsNeitherItsCreatorsInheritableThreadLocalsNorItsPriority() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread creator = new Thread(() -> {
            REQUEST.set("request 42 of some application");
            Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
            Thread runtimeThread = DaemonThreads.newDaemon(
                    () -> seen.complete(REQUEST.get() + " at priority " + Thread.currentThread().getPriority()),
                    "jawait-test");
            runtimeThread.start();
        });
        creator.start();
        creator.join();

        assertEquals("null at priority " + Thread.NORM_PRIORITY, seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aBlockingTaskRunByItsCallerKeepsTheCallersOwnInterrupt() {
        Thread.currentThread().interrupt();
        try {
            String ran = Tasks.toThread(Runnable::run, () -> "ran").getNow("not run");

            assertEquals("ran", ran);
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt was cleared");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aBadPoolSizeIsLoggedAndTheDefaultUsed() {
        String before = System.getProperty(BlockingPool.THREADS_PROPERTY);
        try {
            int byDefault = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
            System.setProperty(BlockingPool.THREADS_PROPERTY, "0");
            assertEquals(byDefault, BlockingPool.poolSize());
            System.setProperty(BlockingPool.THREADS_PROPERTY, "-3");
            assertEquals(byDefault, BlockingPool.poolSize());
            System.setProperty(BlockingPool.THREADS_PROPERTY, "many");
            assertEquals(byDefault, BlockingPool.poolSize());
            System.setProperty(BlockingPool.THREADS_PROPERTY, " 3 ");
            assertEquals(3, BlockingPool.poolSize());
        } finally {
            if (before == null) {
                System.clearProperty(BlockingPool.THREADS_PROPERTY);
            } else {
                System.setProperty(BlockingPool.THREADS_PROPERTY, before);
            }
        }
    }
}
