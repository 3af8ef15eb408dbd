package dev.jawait.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The thread-bound state (ThreadLocals, logging MDC, tracing spans) registered to follow async calls: captured on the
 * thread where a call suspends, installed on the thread where it resumes for that step, then put back. A carrier is
 * the program's code, and may throw anything, a checked exception too (thrown sneakily, or by a lambda compiled by
 * another language): every catch here takes {@code Throwable}, so that what it throws cannot skip the put-back of the
 * others, or a call's completion.
 */
public final class Carriers {
    private static final CopyOnWriteArrayList<Carrier<?>> ALL = new CopyOnWriteArrayList<>();
    /** A snapshot of {@link #ALL} as an array, read on every suspension; null when nothing is registered. */
    private static volatile Carrier<?>[] registered;

    private Carriers() {
    }

    /** Registers a carrier; returns the action that unregisters it. */
    public static <S> Runnable register(Supplier<S> capture, Consumer<? super S> install) {
        Carrier<S> carrier = new Carrier<>(capture, install);
        ALL.add(carrier);
        snapshot();
        return () -> {
            ALL.remove(carrier);
            snapshot();
        };
    }

    private static void snapshot() {
        Carrier<?>[] now = ALL.toArray(new Carrier<?>[0]);
        registered = now.length == 0 ? null : now;
    }

    /** The state of every carrier on this thread, or null if none is registered. */
    public static Object[] capture() {
        Carrier<?>[] carriers = registered;
        if (carriers == null) {
            return null;
        }
        Object[] states = new Object[carriers.length + 1];
        states[0] = carriers;
        for (int i = 0; i < carriers.length; i++) {
            states[i + 1] = carriers[i].capture.get();
        }
        return states;
    }

    /**
     * Installs states from {@link #capture}; returns this thread's previous states, to {@link #restore} after. If a
     * carrier throws, every carrier whose state was read before is given it back (the one that threw included, which
     * may have installed part of its state), so that the thread is left as it was.
     */
    public static Object[] install(Object[] states) {
        if (states == null) {
            return null;
        }
        Carrier<?>[] carriers = (Carrier<?>[]) states[0];
        Object[] previous = new Object[states.length];
        previous[0] = carriers;
        int read = 0;
        try {
            while (read < carriers.length) {
                previous[read + 1] = carriers[read].capture.get();
                read++;
                carriers[read - 1].installRaw(states[read]);
            }
        } catch (Throwable e) {
            Object[] readSoFar = java.util.Arrays.copyOf(previous, read + 1);
            try {
                restore(readSoFar);
            } catch (Throwable also) {
                Failures.suppress(e, also);
            }
            throw e;
        }
        return previous;
    }

    /** States for {@link #install} that clear every carrier {@code states} names: null for each. */
    static Object[] cleared(Object[] states) {
        Object[] cleared = new Object[states.length];
        cleared[0] = states[0];
        return cleared;
    }

    /**
     * Puts back what {@link #install} returned: every carrier, even if one throws (the first failure is thrown after
     * the others have had their state back).
     */
    public static void restore(Object[] previous) {
        if (previous == null) {
            return;
        }
        Carrier<?>[] carriers = (Carrier<?>[]) previous[0];
        Throwable failed = null;
        for (int i = 0; i < previous.length - 1; i++) {
            try {
                carriers[i].installRaw(previous[i + 1]);
            } catch (Throwable e) {
                if (failed == null) {
                    failed = e;
                } else {
                    Failures.suppress(failed, e);
                }
            }
        }
        if (failed != null) {
            throw Failures.sneakyThrow(failed);
        }
    }

    /**
     * As {@link #restore}, after a step whose outcome stands whatever happens here (it returned, threw or suspended
     * already): a carrier that throws is logged, naming {@code whose} state it failed to put back.
     */
    static void restoreOrLog(Object[] previous, String whose) {
        try {
            restore(previous);
        } catch (Throwable e) {
            System.getLogger("dev.jawait").log(System.Logger.Level.ERROR,
                    "jawait: a carrier failed to put back " + whose + " state", e);
        }
    }

    private static final class Carrier<S> {
        final Supplier<S> capture;
        final Consumer<? super S> install;

        Carrier(Supplier<S> capture, Consumer<? super S> install) {
            this.capture = capture;
            this.install = install;
        }

        @SuppressWarnings("unchecked")
        void installRaw(Object state) {
            install.accept((S) state);
        }
    }
}
