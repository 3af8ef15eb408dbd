package dev.jawait.benchmarks.anatomy;

import java.util.concurrent.CompletableFuture;

/**
 * An emulation of proposed change 1 of scenario 2: a future of jawait's own (as a call's frame or a sleep is) that
 * keeps one waiting frame in a field and resumes it itself when completed, instead of the waiter registering with
 * {@code whenComplete} (a dependent future and a completion record, 64 bytes).
 */
final class LinkedFuture extends CompletableFuture<Integer> {
    private LeanFrame waiter;

    /** Registers {@code frame} to run when this completes; the caller checked that it is not complete yet. */
    void link(LeanFrame frame) {
        waiter = frame; // single-threaded emulation: the real one needs a CAS against a concurrent complete()
    }

    @Override
    public boolean complete(Integer value) {
        boolean completed = super.complete(value);
        LeanFrame frame = waiter;
        if (completed && frame != null) {
            waiter = null;
            frame.accept(value, null);
        }
        return completed;
    }
}
