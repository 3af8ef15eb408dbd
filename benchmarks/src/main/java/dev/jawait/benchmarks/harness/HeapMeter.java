package dev.jawait.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap occupancy as the JVM reports it: after full collections, or the highest seen by a sampling thread. */
final class HeapMeter {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapMeter() {
    }

    /**
     * Used heap after several {@code System.gc()}: one collection may leave objects that only become unreachable
     * when their finalization or reference processing has run, so the lowest of five readings counts.
     */
    static long usedAfterGc() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            lowest = Math.min(lowest, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }

    /** Starts a daemon thread that reads the used heap every {@code periodMillis}; {@link Peak#stop} gives the max. */
    static Peak samplePeak(long periodMillis) {
        Peak peak = new Peak(periodMillis);
        peak.thread.start();
        return peak;
    }

    /** The highest used heap seen between start and {@link #stop}, garbage not yet collected included. */
    static final class Peak {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long highest;

        private Peak(long periodMillis) {
            thread = new Thread(() -> {
                while (running) {
                    highest = Math.max(highest, MEMORY.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return Math.max(highest, MEMORY.getHeapMemoryUsage().getUsed());
        }
    }
}
