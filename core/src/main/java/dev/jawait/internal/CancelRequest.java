package dev.jawait.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A cancellation requested of one call, from when it is asked for to when an await of that call delivers it: the
 * same request whichever await it goes to, and however many cancels merge into it. A call whose request went down to
 * the call it awaits lets its own go if that call delivered it (its await threw the {@code CancellationException}),
 * even if that call then caught it and ended normally: as in asyncio, one cancel is delivered once, at the innermost
 * await it reaches, and not again at the next await of each caller.
 */
final class CancelRequest {
    /**
     * Set when one of the call's awaits threw the cancellation, or when the call let the request go as delivered
     * below (by the call's own thread, or by the one completing the stage its body returned); read by its caller once
     * it has ended, or by a cancel deciding where a request went.
     */
    volatile boolean delivered;

    /**
     * Where a call's request went, below the one future it is held for: into the request of the call that future is
     * (null until a cancel passing down says), or nowhere known ({@link #KEEP}: that call had ended, or two different
     * requests of it were met), so that the call keeps its own for its next await. Once the call lets its request go
     * because the one below was delivered ({@link #LET_GO}), a cancel that merged into it and had not recorded its
     * way down yet learns that it came too late, and makes its request again.
     */
    static final class HandOff {
        private static final Object KEEP = new Object();
        private static final Object LET_GO = new Object();
        private static final VarHandle BELOW;

        static {
            try {
                BELOW = MethodHandles.lookup().findVarHandle(HandOff.class, "below", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through BELOW
        private volatile Object below;

        /**
         * Records that the request went into {@code into}, the request of the call below, or, for null, that it did
         * not get there (that call had ended). A request that met two different requests below, the first of them
         * not delivered yet, is kept: delivered twice at worst, never lost.
         *
         * @return false if the call already let its request go, so that this cancel, merged into it, must be made
         *     again
         */
        boolean record(CancelRequest into) {
            for (;;) {
                Object now = below;
                if (now == LET_GO) {
                    return false;
                }
                boolean replaces = now == null || now == into
                        || now instanceof CancelRequest && ((CancelRequest) now).delivered;
                Object next = into != null && replaces ? into : KEEP;
                if (now == next || BELOW.compareAndSet(this, now, next)) {
                    return true;
                }
            }
        }

        /**
         * Whether the request went into one that the call below delivered, and nothing else came since that it did
         * not: if so, the call lets its own request go, for good.
         */
        boolean deliveredBelow() {
            for (;;) {
                Object now = below;
                if (!(now instanceof CancelRequest) || !((CancelRequest) now).delivered) {
                    return false;
                }
                if (BELOW.compareAndSet(this, now, LET_GO)) {
                    return true;
                }
            }
        }
    }
}
