package dev.jawait.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Debug mode, in a child JVM: slow steps, failures nobody read, the task dump and its MBean. */
class DebugModeTest {
    private static String output;
    private static String source;

    @BeforeAll
    static void runScenario() throws Exception {
        Path fixture = Paths.get("src/test/resources/fixtures/Debug.java").toAbsolutePath();
        source = new String(java.nio.file.Files.readAllBytes(fixture), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djawait.debug=true", "-cp", System.getProperty("java.class.path"),
                DebugModeScenario.class.getName(), fixture.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }

    private static int lineOf(String marker) {
        return 1 + (int) source.substring(0, source.indexOf(marker)).chars().filter(c -> c == '\n').count();
    }

    @Test
    void aStepThatHoldsTheLoopLongerThanTheThresholdIsLoggedWithItsMethodAndLine() {
        assertTrue(output.contains("jawait debug: a step of fx.Debug.slowStep (Debug.java:" + lineOf("// SLOW STEP")
                + ") took "), output);
        assertTrue(output.contains("slow: slow"), output);
    }

    @Test
    void aSpawnedTasksFirstStepThatHoldsTheLoopIsLoggedToo() {
        assertTrue(output.contains("jawait debug: the first step of a task spawned from"
                + " dev.jawait.debug.DebugModeScenario took "), output);
        assertTrue(output.contains("first: spun"), output);
    }

    @Test
    void aFailureNobodyReadIsLoggedWhenItsFutureIsCollectedAndAReadOneIsNot() {
        assertTrue(output.contains("jawait: the failure of fx.Debug.failing was never retrieved"), output);
        assertTrue(output.contains("java.lang.IllegalStateException: nobody read this"), output);
        assertTrue(!output.contains("IllegalStateException: read by a join"), output);
    }

    @Test
    void theTaskDumpListsSuspendedCallsWhatTheyAwaitAndWhoAwaitsThem() {
        String dump = output.substring(output.indexOf("DUMP"), output.indexOf("JMX"));
        assertTrue(dump.contains("jawait task dump: 4 suspended calls"), dump);
        assertTrue(dump.contains(" ms for (dev.jawait.debug.DebugModeScenario$1, toString threw java.io.IOException: a"
                + " future with no text)"), dump);
        assertTrue(dump.contains("fx.Debug.inner (Debug.java:" + lineOf("// INNER AWAIT") + "), waiting "), dump);
        assertTrue(dump.contains(" ms for java.util.concurrent.CompletableFuture@"), dump);
        assertTrue(dump.contains("      awaited by fx.Debug.outer (Debug.java:" + lineOf("// OUTER AWAIT") + ")"), dump);
        String jmx = output.substring(output.indexOf("JMX"), output.indexOf("outer: "));
        assertTrue(jmx.contains("jawait task dump: 4 suspended calls"), jmx);
        assertTrue(output.contains("outer: done\njawait task dump: 0 suspended calls"), output);
    }

    @Test
    void theTaskDumpShowsTheVariablesACallKeepsAtItsAwaitByTheirSourceNames() {
        String dump = output.substring(output.indexOf("DUMP"), output.indexOf("JMX"));
        String keeps = "fx.Debug.keeps (Debug.java:" + lineOf("// KEEPS AWAIT") + "), waiting ";
        assertTrue(dump.contains(keeps), dump);
        String variables = dump.substring(dump.indexOf(keeps)).split("\n")[1];
        assertEquals("      with count = 3, ratio = 0.25, half = 1.5, flag = true, letter = 'x', name = \"a name longer"
                + " than eighty characters, which the dump cuts short so that one lin..., numbers = [I@",
                variables.substring(0, variables.indexOf("[I@") + 3), dump);
        assertTrue(variables.endsWith(", shy = (dev.jawait.debug.DebugModeScenario$Shy, toString threw"
                + " java.io.IOException: no text)"), variables);
        // never, dead after the await, is not kept, so not shown; a call keeping nothing shows no such line.
        assertTrue(!variables.contains("never"), variables);
        String inner = dump.substring(dump.indexOf("fx.Debug.inner ("));
        assertTrue(!inner.split("\n")[1].startsWith("      with "), dump);
    }

    @Test
    void withoutDebugModeTheDumpSaysHowToTurnItOn() {
        assertEquals("jawait task dump: debug mode is off (run with -Djawait.debug=true)", Tasks.dump());
    }
}
