package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A call that returns while the one caller linked to it exclusively waits (the levels of a chain of inner entries)
 * hands its value to that caller instead of completing its own future, which nobody else can read: the caller's await
 * reads the same value, and the chain pays no completing CAS per level. Every other caller gets a completed future.
 * The races with a cancel passing down the chain are jawait-stress's {@code InnerEntryStress.HandOff*}.
 */
class HandOffTest {
    @Test
    void aCalleeLinkedExclusivelyHandsItsValueWithoutCompleting() {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        Step callee = Step.deferredOn(gate, value -> value + " and the callee");
        Step caller = Step.suspendedOn(callee, value -> value + " and the caller");

        gate.complete("the gate");

        assertEquals("the gate and the callee and the caller", caller.join());
        assertFalse(callee.isDone(), "the callee handed its value instead of completing");
    }

    @Test
    void aNullValueIsHandedAsNull() {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        Step callee = Step.deferredOn(gate, value -> null);
        Step caller = Step.suspendedOn(callee, value -> "read " + value);

        gate.complete("the gate");

        assertEquals("read null", caller.join());
        assertFalse(callee.isDone());
    }

    /** A cancel passing down would take a future in the callee's state for the one it awaits: it is not handed. */
    @Test
    void aValueThatIsAFutureCompletesTheCalleeInstead() {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        CompletableFuture<String> payload = CompletableFuture.completedFuture("payload");
        Step callee = Step.deferredOn(gate, value -> payload);
        Step caller = Step.suspendedOn(callee, value -> value);

        gate.complete("the gate");

        assertSame(payload, caller.join());
        assertTrue(callee.isDone(), "completed, the usual way");
    }

    /** A caller that registered on a callee others could reach (not through its inner entry) reads a completion. */
    @Test
    void aCalleeOthersCouldReachCompletes() {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        Step callee = Step.suspendedOn(gate, value -> value + " and the callee");
        Step caller = Step.suspendedOn(callee, value -> value + " and the caller");

        gate.complete("the gate");

        assertEquals("the gate and the callee and the caller", caller.join());
        assertTrue(callee.isDone());
        assertEquals("the gate and the callee", callee.join());
    }

    /** A call with one await: reads what it awaited as the resume path does, and returns {@code body} of it. */
    private static final class Step extends CallFrame {
        private final Function<Object, Object> body;

        private Step(Function<Object, Object> body) {
            this.body = body;
            label = 1;
        }

        /** Suspended through its inner entry: only the caller it returns to can reach it. */
        static Step deferredOn(CompletableFuture<?> awaited, Function<Object, Object> body) {
            Step step = new Step(body);
            step.suspendDeferred(awaited);
            return step;
        }

        static Step suspendedOn(CompletableFuture<?> awaited, Function<Object, Object> body) {
            Step step = new Step(body);
            step.suspend(awaited);
            return step;
        }

        @Override
        public Object resumeBody() {
            return returnValue(body.apply(AwaitSupport.resultOf(takeAwaited())));
        }

        @Override
        public String site() {
            return "Test|step|Test.java|1";
        }
    }
}
