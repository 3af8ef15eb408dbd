package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking waits on a pending jawait future, on the thread of the loop that has to complete it, fail at once instead
 * of hanging.
 */
// Without the guard these tests hang; a separate thread lets the timeout fail them instead.
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopDeadlockTest {
    private static final String REFUSAL = " on a pending jawait future, called on the thread of the event loop that"
            + " has to complete it, would wait forever";

    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("LoopBlocking");
    }

    @ParameterizedTest
    @ValueSource(strings = {"join", "get", "get(timeout)"})
    void blockingOnAPendingCallOnItsOwnLoopIsRefusedAndTheCallGoesOn(String how) {
        Object outcome = Tasks.run(() -> fixture.call(fixture.rewritten(), "blockOnAPendingCall", how));

        String call = how.equals("get(timeout)") ? how : how + "()";
        assertEquals("refused: " + call + REFUSAL + ": the loop cannot run while its thread blocks. Await it instead"
                + " (await(future) in an @Async method), or call " + call + " from another thread | awaited: slow done",
                outcome);
    }

    @Test
    void blockingOnAPendingCallFromAnotherThreadWaitsAsUsual() {
        Object outcome = Tasks.run(() -> fixture.call(fixture.rewritten(), "blockOnAPendingCallFromAnotherThread"));

        assertEquals("returned slow done", outcome);
    }

    @ParameterizedTest
    @ValueSource(strings = {"join", "get", "get(timeout)"})
    void blockingOnAPendingSpawnedTaskOnItsLoopIsRefused(String how) {
        String outcome = Tasks.run(() -> {
            CompletableFuture<String> task = Tasks.spawn(() -> CompletableFuture.completedFuture("task done"));
            return CompletableFuture.completedFuture(fx(how, task));
        });

        assertTrue(outcome.startsWith("refused: "), outcome);
        assertTrue(outcome.contains("Await it instead"), outcome);
    }

    @ParameterizedTest
    @ValueSource(strings = {"join", "get", "get(timeout)"})
    void blockingOnAPendingLoopSleepOnItsLoopIsRefused(String how) {
        String outcome = Tasks.run(() -> CompletableFuture.completedFuture(fx(how, Tasks.sleep(10))));

        assertTrue(outcome.startsWith("refused: "), outcome);
        assertTrue(outcome.contains("Await it instead"), outcome);
    }

    /** The futures that jawait's combinators return are jawait futures too: a gather, an any, a timeout, a join. */
    @ParameterizedTest
    @ValueSource(strings = {"gather", "any", "withTimeout", "taskGroupJoin"})
    void blockingOnAPendingCombinationOnItsLoopIsRefused(String combinator) {
        String outcome = Tasks.run(() -> {
            CompletableFuture<Void> sleep = Tasks.sleep(10);
            CompletableFuture<?> combined;
            dev.jawait.TaskGroup group = new dev.jawait.TaskGroup();
            switch (combinator) {
                case "gather":
                    combined = Tasks.gather(sleep);
                    break;
                case "any":
                    combined = Tasks.any(sleep);
                    break;
                case "withTimeout":
                    combined = Tasks.withTimeout(sleep, java.time.Duration.ofSeconds(5));
                    break;
                default:
                    group.spawn(() -> sleep);
                    combined = group.join();
            }
            return CompletableFuture.completedFuture(fx("join", combined));
        });

        assertTrue(outcome.startsWith("refused: join()" + REFUSAL), outcome);
    }

    @Test
    void aTaskThatHasCompletedMayBeJoinedOnItsLoop() {
        String outcome = Tasks.run(() -> {
            CompletableFuture<String> task = Tasks.spawn(() -> CompletableFuture.completedFuture("task done"));
            return task.thenApply(value -> fx("join", task));
        });

        assertEquals("returned task done", outcome);
    }

    @Test
    void aNestedRunOnTheLoopThreadIsRefusedAndNamesTheFix() {
        IllegalStateException refused = Tasks.run(() -> {
            try {
                Tasks.run(() -> new CompletableFuture<String>()); // would never complete
                return CompletableFuture.completedFuture(null);
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture(e);
            }
        });

        assertNotNull(refused, "the nested run was not refused");
        assertTrue(refused.getMessage().startsWith("Tasks.run cannot be called from inside a running event loop"));
        assertTrue(refused.getMessage().contains("Await the stage instead"), refused.getMessage());
    }

    /** What {@code how} does on {@code future}, on the calling thread. */
    private static String fx(String how, CompletableFuture<?> future) {
        try {
            return (String) fixture.rewritten().loadClass("fx.LoopBlocking")
                    .getMethod("blockingWait", CompletableFuture.class, String.class).invoke(null, future, how);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
