package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /** A stage that is not a {@code CompletableFuture} names no future a cancel could take: it is handed. */
    @Test
    void aStageThatIsNotACompletableFutureIsHanded() {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        CompletionStage<?> stage = (CompletionStage<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
                    throw new AssertionError("the stage is only passed on, never used: " + method.getName());
                });
        Step callee = Step.deferredOn(gate, value -> stage);
        Step caller = Step.suspendedOn(callee, value -> "read " + (value == stage));

        gate.complete("the gate");

        assertEquals("read true", caller.join());
        assertFalse(callee.isDone());
    }

    /**
     * On an event loop the caller is queued, not run next: a value handed to it is a value there too, even a
     * {@code Throwable}, which must not be taken for a failure of the callee (and get an async stack trace added).
     */
    @Test
    void aThrowableHandedToACallerOnAnEventLoopIsAValue() {
        IllegalStateException value = new IllegalStateException("a value, not a failure");
        Step[] callee = new Step[1];
        Object read = Tasks.run(() -> {
            CompletableFuture<Object> gate = new CompletableFuture<>();
            callee[0] = Step.deferredOn(gate, ignored -> value);
            Step caller = Step.suspendedOn(callee[0], handed -> handed);
            CompletableFuture.runAsync(() -> gate.complete("the gate"));
            return caller;
        });
        assertSame(value, read);
        assertEquals(0, value.getSuppressed().length, "no async stack trace recorded on a value");
        assertFalse(callee[0].isDone(), "handed on the loop too");
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
            return returnValue(body.apply(takeOutcome()));
        }

        @Override
        public String site() {
            return "Test|step|Test.java|1";
        }
    }
}
