package dev.jawait.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a pass on one thread at a time without a lock held across it: a thread that asks while another runs only
 * counts itself in, and the running thread runs the pass again until nobody is left, so no request is lost and a pass
 * never recurses into itself. The bridges to {@code Flow} use it to keep their signals serial (rules 1.3 and 2.7).
 */
final class SerialDrain {
    private final AtomicInteger work = new AtomicInteger();
    private final Runnable pass;

    SerialDrain(Runnable pass) {
        this.pass = pass;
    }

    void run() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            pass.run();
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
