package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No failure is lost, without debug mode: a failed call or task whose future is collected before anyone read it is
 * logged, as asyncio logs "Task exception was never retrieved"; one that was read in any way is not.
 */
class UnretrievedFailureTest {
    private static final int RACES = 2000;
    private static String output;

    @BeforeAll
    static void runScenario() throws Exception {
        Path fixture = Paths.get("src/test/resources/fixtures/Unretrieved.java").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnretrievedFailureScenario.class.getName(),
                fixture.toString(), String.valueOf(RACES)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("END"), output);
    }

    @Test
    void aDroppedCallThatFailedAfterSuspendingIsLoggedWithItsMethodAndFailure() {
        assertTrue(output.contains("jawait: the failure of fx.Unretrieved.failsAfterASuspension was never"
                + " retrieved"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: dropped after a suspension"), output);
    }

    @Test
    void theLogCarriesTheAsyncStackTraceOfAFailureThatPassedAwaits() {
        int logged = output.indexOf("jawait: the failure of fx.Unretrieved.relays was never retrieved");
        assertTrue(logged >= 0, output);
        int next = output.indexOf("jawait: the failure of", logged + 1);
        String entry = output.substring(logged, next > 0 ? next : output.length()); // up to the next log entry
        assertTrue(entry.contains("IllegalStateException: dropped after passing an await"), entry);
        assertTrue(entry.contains("Suppressed: dev.jawait.AsyncStackTrace: awaited at"), entry);
        assertTrue(entry.contains("at fx.Unretrieved.relays(Unretrieved.java:"), entry);
    }

    @Test
    void aDroppedCallThatFailedBeforeSuspendingIsLoggedToo() {
        assertTrue(output.contains("jawait: the failure of an @Async call that threw before its first suspension"
                + " (thrown at fx.Unretrieved.failsAtOnce, Unretrieved.java:"), output);
        assertTrue(output.contains("java.lang.IllegalArgumentException: dropped before any suspension"), output);
    }

    @Test
    void aFutureDroppedByAPlainMethodIsLogged() {
        assertTrue(output.contains("java.lang.IllegalStateException: dropped by a plain handler"), output);
    }

    @Test
    void aTaskSpawnedOnALoopThatFailedWithNobodyAwaitingItIsLogged() {
        assertTrue(output.contains("loop spawner: spawned on the loop"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: a task spawned on a loop nobody awaited"), output);
    }

    @Test
    void aSpawnedTaskThatFailedWithNobodyAwaitingItIsLogged() {
        assertTrue(output.contains("jawait: the failure of a task spawned from fx.Unretrieved was never retrieved"),
                output);
        assertTrue(output.contains("java.lang.IllegalStateException: a spawned task nobody awaited"), output);
    }

    @Test
    void aTaskGroupNobodyJoinedLogsItsTaskFailureAndOneJoinedLateDoesNot() {
        int logged = output.indexOf("java.lang.IllegalStateException: a TaskGroup nobody joined");
        assertTrue(logged > 0, output);
        assertTrue(output.lastIndexOf("jawait: the failure of a task spawned from"
                + " dev.jawait.runtime.UnretrievedFailureScenario was never retrieved", logged) >= 0, output);
        assertTrue(output.contains("task of an unjoined group: read from the task of a group nobody joined"), output);
        assertFalse(output.contains("Exception: read from the task of a group nobody joined"), output);
        assertTrue(output.contains("group joined late: read by a TaskGroup's late join"), output);
        assertFalse(output.contains("Exception: read by a TaskGroup's late join"), output);
    }

    @Test
    void aFailureTheGroupsFirstFailureCannotCarryIsLeftToItsTasksLog() {
        assertTrue(output.contains("group that cannot carry: carries nothing"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: a failure the first could not carry"), output);
    }

    @Test
    void aTimeoutTooLongForMillisecondsStillLogsItsDroppedFailure() {
        assertTrue(output.contains("jawait: the failure of work bounded by a timeout of PT"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: dropped behind a timeout of forever"), output);
    }

    @Test
    void aFailureReadByAnAwaitAJoinACallbackOrAfterTheFactIsNotLogged() {
        assertTrue(output.contains("awaited: caught read by an await"), output);
        assertTrue(output.contains("joined: read by join"), output);
        assertTrue(output.contains("callback: read by a callback"), output);
        assertTrue(output.contains("late: read late"), output);
        assertTrue(output.contains("fast path: caught read by a fast-path await"), output);
        assertTrue(output.contains("late join: read by a late join"), output);
        for (String read : List.of("read by an await", "read by join", "read by a callback", "read late",
                "read by a fast-path await", "read by a late join")) {
            assertFalse(output.contains("Exception: " + read), "logged although read: " + read + "\n" + output);
        }
    }

    @Test
    void aFailureReadThroughAllOfAnyOfOrAMinimalStageIsNotLogged() {
        assertTrue(output.contains("allOf: read by allOf"), output);
        assertTrue(output.contains("anyOf: read by anyOf"), output);
        assertTrue(output.contains("minimal: read by a minimal stage"), output);
        for (String read : List.of("read by allOf", "read by anyOf", "read by a minimal stage")) {
            assertFalse(output.contains("Exception: " + read), "logged although read: " + read + "\n" + output);
        }
    }

    @Test
    void aReaderRacingTheFailureIsNeverMistakenForNobody() {
        assertTrue(output.contains("raced: " + RACES + " of " + RACES + " failures read"), output);
        assertFalse(output.contains("Exception: raced "), output);
    }

    /**
     * Every way of reading a stage's outcome counts, or a reader would be taken for nobody: each {@code
     * CompletionStage} method is overridden, except those newer than the runtime's Java 11 (documented).
     */
    @Test
    void everyStageMethodOfJava11CountsAsRetrieving() {
        java.util.Set<String> newerThanJava11 = java.util.Set.of("exceptionallyAsync", "exceptionallyCompose",
                "exceptionallyComposeAsync", "toCompletableFuture");
        List<String> missing = new ArrayList<>();
        for (java.lang.reflect.Method method : java.util.concurrent.CompletionStage.class.getMethods()) {
            if (newerThanJava11.contains(method.getName())) {
                continue;
            }
            try {
                dev.jawait.internal.TaskFuture.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(method.toString());
            }
        }
        assertEquals(List.of(), missing);
    }
}
