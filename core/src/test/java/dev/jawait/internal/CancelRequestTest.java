package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.RecordingCancels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a request to cancel a running call keeps for its next await: that it was made, and whether it may interrupt
 * ({@code cancel(true)}), merged over every request made meanwhile.
 */
class CancelRequestTest {
    @Test
    void aRequestThatMayInterruptOutweighsOneThatMayNot() {
        assertEquals(List.of(true), nextAwaitCancelledWith(Frame.running(), false, true));
    }

    @Test
    void aRequestThatMayNotInterruptStaysSo() {
        assertEquals(List.of(false), nextAwaitCancelledWith(Frame.running(), false, false));
    }

    @Test
    void aLaterRequestThatMayNotInterruptLeavesOneThatMay() {
        assertEquals(List.of(true), nextAwaitCancelledWith(Frame.running(), true, false));
    }

    @Test
    void aRequestBeforeAnyAwaitKeepsWhetherItMayInterrupt() {
        // A frame made before its first suspension, as format 2's are.
        assertEquals(List.of(true), nextAwaitCancelledWith(new Frame(), false, true));
    }

    /** Calls awaiting each other in a circle are deadlocked: a cancel must still return, with the request made. */
    @Test
    void cancellingCallsThatAwaitEachOtherInACircleReturns() {
        Frame first = Frame.running();
        Frame second = Frame.running();
        first.suspend(second);
        second.suspend(first);

        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> first.cancel(false)));
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> second.cancel(true)), "and once more");
    }

    /**
     * Cancels {@code call} once per request ({@code mayInterruptIfRunning} each), then has it await a new future:
     * how that future's {@code cancel} was called.
     */
    private static List<Boolean> nextAwaitCancelledWith(Frame call, boolean... requests) {
        for (boolean mayInterruptIfRunning : requests) {
            assertTrue(call.cancel(mayInterruptIfRunning));
        }
        RecordingCancels<Object> next = new RecordingCancels<>();
        call.suspend(next);
        return next.requests;
    }

    /** A frame whose body only takes what it awaited, as a resumed await does first, and stays running. */
    private static final class Frame extends CallFrame {
        /** A call that suspended once and was resumed: running, reachable by anyone who has its future. */
        static Frame running() {
            Frame frame = new Frame();
            CompletableFuture<Object> first = new CompletableFuture<>();
            frame.suspend(first);
            first.complete("first");
            return frame;
        }

        @Override
        public Object resumeBody() {
            takeAwaited();
            return this;
        }

        @Override
        public String site() {
            return "Test|call|Test.java|1";
        }
    }
}
