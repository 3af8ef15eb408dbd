package dev.jawait.benchmarks.peers;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Two of scenario 6's floors (the third is {@link RegisteredOnceFloor}): the 4-deep chain written by hand as the least
 * that two designs of a rewriter can do, with nothing else (no cancellation, no event loop, no context, no failure
 * handling, no trampoline). Not peers: they tell what is out of reach for each design.
 * <ul>
 *   <li>{@link #futurePerLevel}: every level's call returns a {@code CompletableFuture} of its own that completes, as
 *       an {@code @Async} method's call does, and the caller is linked to it by the least protocol that is safe
 *       against a completion on another thread (two CASes). The least any design pays while each call returns a
 *       future to its caller.
 *   <li>{@link #continuationPerLevel}: only the top-level call is a future; an inner call returns its value, or its
 *       continuation if it suspended, and resumes its caller's continuation directly, as Kotlin's suspend functions
 *       do. The least a design pays that changes what an inner call returns. Its links are plain fields: such a
 *       design passes the caller's continuation down before the call, so no completion can race with the link.
 * </ul>
 * In both, each level's code after its await is a method of the level's own class, as each {@code @Async} method's
 * frame class re-enters its own body (and each {@code thenApply} stage calls its own lambda): one call per level that
 * the JIT cannot inline once the four levels share the call site. Both register on the gate with {@code
 * whenComplete}, the JDK's cheapest registration, and compute what every peer computes: 1 + 4 + 3 + 2 + 1 for x = 0
 * and a gate completed with 1.
 */
public final class ChainFloors {
    private ChainFloors() {
    }

    /**
     * A level's call: the future it returns, and a link to its caller's, made safe against a completion on another
     * thread the least costly way: the caller links with a CAS and then looks whether the level is done; the
     * completing thread, after completing, looks whether a caller is linked; whichever sees the other takes the caller
     * out with a CAS.
     */
    private abstract static class LevelFuture extends CompletableFuture<Integer>
            implements BiConsumer<Integer, Throwable> {
        private static final VarHandle CALLER;
        private static final LevelFuture TAKEN = new LevelFuture() {
            @Override
            int resume(int awaited) {
                throw new AssertionError();
            }
        };

        static {
            try {
                CALLER = MethodHandles.lookup().findVarHandle(LevelFuture.class, "caller", LevelFuture.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through CALLER
        private volatile LevelFuture caller;

        /** The level's code after its await: its value, from the value it awaited. */
        abstract int resume(int awaited);

        /** The gate completed: completes this level and every level linked above it, innermost first. */
        @Override
        public void accept(Integer gateValue, Throwable failure) {
            int value = gateValue;
            for (LevelFuture level = this; level != null; level = level.takeCaller()) {
                value = level.resume(value);
                level.complete(value);
            }
        }

        /** Links {@code caller} to this level, which it awaits; false if this level completed meanwhile. */
        boolean link(LevelFuture caller) {
            CALLER.compareAndSet(this, null, caller); // a level has one caller: the slot is empty
            return !isDone() || takeCaller() == null;
        }

        /** The caller linked to this level, taken out to be resumed; null if none, or if another took it. */
        LevelFuture takeCaller() {
            LevelFuture linked = caller;
            return linked != null && linked != TAKEN && CALLER.compareAndSet(this, linked, TAKEN) ? linked : null;
        }
    }

    public static CompletableFuture<Integer> futurePerLevel(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = futureLevel2(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new LevelFuture() {
            @Override
            int resume(int awaited) {
                return awaited + local;
            }
        });
    }

    private static CompletableFuture<Integer> futureLevel2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = futureLevel3(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new LevelFuture() {
            @Override
            int resume(int awaited) {
                return awaited + local;
            }
        });
    }

    private static CompletableFuture<Integer> futureLevel3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = futureLevel4(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new LevelFuture() {
            @Override
            int resume(int awaited) {
                return awaited + local;
            }
        });
    }

    private static CompletableFuture<Integer> futureLevel4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        if (gate.isDone()) {
            return completedFuture(gate.join() + local);
        }
        return linked(gate, new LevelFuture() {
            @Override
            int resume(int awaited) {
                return awaited + local;
            }
        });
    }

    /** {@code level}, suspended on {@code inner}: linked to it if it is a level, else registered on it (the gate). */
    private static LevelFuture linked(CompletableFuture<Integer> inner, LevelFuture level) {
        if (!(inner instanceof LevelFuture)) {
            inner.whenComplete(level);
        } else if (!((LevelFuture) inner).link(level)) {
            level.complete(level.resume(inner.join())); // done before the link: its completion left it to itself
        }
        return level;
    }

    /** What a suspended level resumes when the level it awaits has its value. */
    private interface Continuation {
        void resume(int awaited);
    }

    /** An inner level suspended, with a plain link to its caller's continuation. */
    private abstract static class InnerContinuation implements Continuation, BiConsumer<Integer, Throwable> {
        Continuation caller;

        @Override
        public void accept(Integer gateValue, Throwable failure) {
            resume(gateValue);
        }
    }

    /** The top-level call suspended, the only future: what the code that is not async reads. */
    private abstract static class TopContinuation extends CompletableFuture<Integer> implements Continuation {
    }

    public static CompletableFuture<Integer> continuationPerLevel(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        Object inner = continuationLevel2(gate, local);
        if (inner instanceof Integer) {
            return completedFuture((Integer) inner + local);
        }
        TopContinuation top = new TopContinuation() {
            @Override
            public void resume(int awaited) {
                complete(awaited + local);
            }
        };
        ((InnerContinuation) inner).caller = top;
        return top;
    }

    /** An inner level: its value, or its continuation if it suspended. */
    private static Object continuationLevel2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        Object inner = continuationLevel3(gate, local);
        if (inner instanceof Integer) {
            return (Integer) inner + local;
        }
        return linked(inner, new InnerContinuation() {
            @Override
            public void resume(int awaited) {
                caller.resume(awaited + local);
            }
        });
    }

    private static Object continuationLevel3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        Object inner = continuationLevel4(gate, local);
        if (inner instanceof Integer) {
            return (Integer) inner + local;
        }
        return linked(inner, new InnerContinuation() {
            @Override
            public void resume(int awaited) {
                caller.resume(awaited + local);
            }
        });
    }

    private static Object continuationLevel4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        if (gate.isDone()) {
            return gate.join() + local;
        }
        InnerContinuation level = new InnerContinuation() {
            @Override
            public void resume(int awaited) {
                caller.resume(awaited + local);
            }
        };
        gate.whenComplete(level);
        return level;
    }

    private static InnerContinuation linked(Object inner, InnerContinuation level) {
        ((InnerContinuation) inner).caller = level;
        return level;
    }
}
