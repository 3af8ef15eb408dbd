package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.TaskGroup;
import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stage of the program's own may throw a checked exception where the runtime calls it ({@code toCompletableFuture},
 * {@code cancel}, {@code get}), sneakily or from a language without checked exceptions. The runtime treats it as it
 * treats a {@code RuntimeException} there: it never escapes a cancel, and never leaves a call unfinished.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a call left unfinished would hang a join
class CheckedFailuresOfStagesTest {
    private static final AsyncFixture FIXTURE = AsyncFixture.clean("fx.Awkward", String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CancellationException;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CompletionStage;",
            "public class Awkward {",
            "    @Async",
            "    static CompletableFuture<String> awaits(CompletionStage<String> stage) {",
            "        try {",
            "            return CompletableFuture.completedFuture(\"value \" + await(stage));",
            "        } catch (CancellationException e) {",
            "            return CompletableFuture.completedFuture(\"cancelled\");",
            "        }",
            "    }",
            "    @Async",
            "    static CompletionStage<String> returnsAfter(CompletableFuture<String> gate,",
            "            CompletionStage<String> returned) {",
            "        await(gate);",
            "        return returned;",
            "    }",
            "}"), 11);

    private final IOException checked = new IOException("thrown by the test");

    @Test
    void aCancelOfAnAwaitedFutureWhoseCancelThrowsStillLeavesTheCallToItsOutcome() throws Exception {
        Awkward<String> awaited = new Awkward<>();
        awaited.cancelThrows = checked;
        CompletableFuture<Object> call = call("awaits", awaited);

        call.cancel(true); // the refusal is logged, not thrown

        assertFalse(call.isDone(), "the call resumes with whatever the refusing future completes with");
        awaited.complete("late");
        assertEquals("value late", call.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aForeignStageWhoseConversionThrowsOnCancelIsStillCancelled() throws Exception {
        Awkward<String> awaited = new Awkward<>();
        awaited.convertsOnce = false;
        CompletableFuture<Object> call = call("awaits", awaited); // refuses conversion: awaited as a foreign stage
        awaited.conversionThrows = checked;

        assertTrue(call.cancel(true));

        assertEquals("cancelled", call.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aForeignStageWhoseOutcomeCannotBeReadAtTheCancelIsStillCancelled() throws Exception {
        Awkward<String> awaited = new Awkward<>();
        awaited.convertsOnce = false;
        awaited.deferCallbacks();
        awaited.getThrows = checked;
        CompletableFuture<Object> call = call("awaits", awaited);
        awaited.complete("ended"); // its callbacks wait on its own executor

        assertTrue(call.cancel(true));

        assertEquals("cancelled", call.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aStageReturnedAfterAResumptionWhoseConversionThrowsFailsTheCallWithThatException() throws Exception {
        Awkward<String> returned = new Awkward<>();
        returned.conversionThrows = checked;
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = call("returnsAfter", gate, returned);

        gate.complete("go");

        assertSame(checked, call.handle((value, failure) -> failure).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aGatherWhoseInputRefusesTheCancelStillCancelsTheOthers() {
        Awkward<String> refusing = new Awkward<>();
        refusing.cancelThrows = checked;
        CompletableFuture<String> plain = new CompletableFuture<>();
        CompletableFuture<List<String>> gathered = Tasks.gather(refusing, plain);

        assertTrue(gathered.cancel(true)); // the refusal is logged, not thrown

        assertTrue(plain.isCancelled(), "the input after the one that refused was cancelled too");
    }

    @Test
    void aTimeoutWhoseWorkRefusesTheCancelIsCancelledWithoutThrowing() {
        Awkward<String> refusing = new Awkward<>();
        refusing.cancelThrows = checked;
        CompletableFuture<String> bounded = Tasks.withTimeout(refusing, Duration.ofHours(1));

        assertTrue(bounded.cancel(true)); // the refusal is logged, not thrown

        assertFalse(bounded.isDone(), "it ends as the work does");
        refusing.complete("finished anyway");
        assertEquals("finished anyway", bounded.join());
    }

    @Test
    void aTaskGroupWhoseTaskRefusesTheCancelStillCancelsTheOthers() {
        Awkward<String> refusing = new Awkward<>();
        refusing.cancelThrows = checked;
        List<CompletableFuture<String>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(new CompletableFuture<>());
        }
        long othersCancelled = Tasks.run(() -> {
            TaskGroup group = new TaskGroup();
            group.spawn(() -> refusing);
            others.forEach(other -> group.spawn(() -> other));
            return Tasks.sleep(0).thenApply(everyTaskStarted -> {
                group.closeAsync(new IllegalStateException("the block failed")); // cancels every task, not throwing
                long cancelled = others.stream().filter(CompletableFuture::isCancelled).count();
                refusing.complete("ended by itself"); // so that the loop can end
                return cancelled;
            });
        });
        assertEquals(10, othersCancelled);
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return FIXTURE.call(FIXTURE.rewritten(), method, args);
    }

    /** A future of the program's own whose methods throw what a test asks, a checked exception included. */
    private static final class Awkward<T> extends CompletableFuture<T> {
        Throwable cancelThrows;
        Throwable conversionThrows;
        Throwable getThrows;
        /** False: {@code toCompletableFuture()} refuses, as a stage that cannot be converted does. */
        boolean convertsOnce = true;
        private Queue<Runnable> deferred;

        void deferCallbacks() {
            deferred = new ConcurrentLinkedQueue<>();
        }

        @Override
        public CompletableFuture<T> toCompletableFuture() {
            if (conversionThrows != null) {
                throw Failures.sneakyThrow(conversionThrows);
            }
            if (!convertsOnce) {
                throw new UnsupportedOperationException("refused by the test");
            }
            return this;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (cancelThrows != null) {
                throw Failures.sneakyThrow(cancelThrows);
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            if (getThrows != null) {
                throw Failures.sneakyThrow(getThrows);
            }
            return super.get();
        }

        @Override
        public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
            return deferred == null ? super.whenComplete(action) : super.whenCompleteAsync(action, deferred::add);
        }
    }
}
