package dev.jawait.benchmarks.peers;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Scenario 6's third floor: the 4-deep chain by hand as the least that a route to its targets pays while every call
 * still returns a future (docs/benchmarks.md, "Why the rest is missed"). Not a peer, and not a design jawait has.
 *
 * <p>What makes {@link ChainFloors#futurePerLevel} pay three CASes per level is the order: the innermost call
 * registers on the gate first, and the levels above link to it afterwards, while a completion on another thread may
 * already be running up the chain. Here an inner level is called through an entry of its own ({@code inner...}),
 * which an await of that direct call would use: a level that suspends there records what it awaits and returns
 * without registering, so nobody but its caller can reach it, and the caller links with a plain write. The public
 * entry, which hands its future to code that is not an await, registers the innermost level on the gate once the
 * chain is built. A completed inner level resumes its one caller directly, without completing itself as a future
 * (nobody else holds it); only the top-level call completes. Like the other floors, it has no cancellation, event
 * loop, context, failure handling or trampoline, and each level's code after its await is a method of its own class.
 */
public final class RegisteredOnceFloor {
    private RegisteredOnceFloor() {
    }

    /** A level's call that suspended: a future, completed only if it is the top-level call. */
    private abstract static class Level extends CompletableFuture<Integer> implements BiConsumer<Integer, Throwable> {
        /** What this level awaits: the level below it, or the gate. */
        CompletableFuture<Integer> awaited;
        /** The level that awaits this one; null for the top-level call. Written before anyone else can reach it. */
        Level caller;

        Level(CompletableFuture<Integer> awaited) {
            this.awaited = awaited;
        }

        /** The level's code after its await: its value, from the value it awaited. */
        abstract int resume(int value);

        /** The gate completed: resumes this level and every level above it, innermost first. */
        @Override
        public void accept(Integer gateValue, Throwable failure) {
            int value = gateValue;
            Level level = this;
            for (;;) {
                value = level.resume(value);
                if (level.caller == null) {
                    level.complete(value);
                    return;
                }
                level = level.caller;
            }
        }

        /** Registers the chain below this top-level call: its innermost level, on what that awaits. */
        Level registered() {
            Level innermost = this;
            while (innermost.awaited instanceof Level) {
                innermost = (Level) innermost.awaited;
            }
            innermost.awaited.whenComplete(innermost);
            return this;
        }
    }

    /** {@code level}, suspended on {@code inner}: linked to it if it is a level (which is not registered yet). */
    private static Level linked(CompletableFuture<Integer> inner, Level level) {
        if (inner instanceof Level) {
            ((Level) inner).caller = level;
        }
        return level;
    }

    public static CompletableFuture<Integer> registeredOnce(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = innerLevel2(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new Level(inner) {
            @Override
            int resume(int value) {
                return value + local;
            }
        }).registered();
    }

    private static CompletableFuture<Integer> innerLevel2(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = innerLevel3(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new Level(inner) {
            @Override
            int resume(int value) {
                return value + local;
            }
        });
    }

    private static CompletableFuture<Integer> innerLevel3(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        CompletableFuture<Integer> inner = innerLevel4(gate, local);
        if (inner.isDone()) {
            return completedFuture(inner.join() + local);
        }
        return linked(inner, new Level(inner) {
            @Override
            int resume(int value) {
                return value + local;
            }
        });
    }

    private static CompletableFuture<Integer> innerLevel4(CompletableFuture<Integer> gate, int x) {
        int local = x + 1;
        if (gate.isDone()) {
            return completedFuture(gate.join() + local);
        }
        return new Level(gate) {
            @Override
            int resume(int value) {
                return value + local;
            }
        };
    }
}
