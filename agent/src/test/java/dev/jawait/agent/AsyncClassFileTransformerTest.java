package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.jawait.transform.Option;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncClassFileTransformerTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(output, true, StandardCharsets.UTF_8));

    @Test
    void aClassTheTransformerCannotReadLoadsUnchangedWithOneErrorLine() throws Exception {
        byte[] valid = bytesOf(Sample.class);
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        AsyncClassFileTransformer transformer = new AsyncClassFileTransformer(AgentOptions.parse(""), log);

        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/Sample", null, null,
                truncated));

        String[] lines = output.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(1, lines.length, output.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("[jawait] com/example/Sample.java:[1] error: cannot read the class file of"
                + " com.example.Sample, which uses jawait (java.lang."), lines[0]);
        assertTrue(lines[0].endsWith("); it is left as it is"), lines[0]);
    }

    @Test
    void classesOfTheJdkAndOfTheAgentAreNotLookedAt() {
        AgentOptions options = AgentOptions.parse("");
        assertTrue(!options.accepts("java.lang.String"));
        assertTrue(!options.accepts("jdk.internal.misc.Unsafe"));
        assertTrue(!options.accepts("dev.jawait.agent.shaded.asm.ClassReader"));
        assertTrue(options.accepts("com.example.Shop"));
    }

    @Test
    void includesAndExcludesSelectClassesByPattern() {
        AgentOptions options = AgentOptions.parse("includes=com.example.**:org.acme.Main,excludes=com/example/gen/*");
        assertTrue(options.accepts("com.example.Shop"));
        assertTrue(options.accepts("com.example.deep.Shop"));
        assertTrue(options.accepts("org.acme.Main"));
        assertTrue(!options.accepts("org.acme.Other"));
        assertTrue(!options.accepts("com.example.gen.Model"));
        assertTrue(options.warnings.isEmpty(), options.warnings.toString());
    }

    @Test
    void theOldSpellingStillMeansWhatItDidWithOneWarningPerPattern() {
        AgentOptions options = AgentOptions.parse("includes=com.example.*,excludes=com.example.gen.*");
        assertTrue(options.accepts("com.example.deep.Shop"), "an old * still crosses packages");
        assertTrue(!options.accepts("com.example.gen.deep.Model"));
        assertEquals(List.of("deprecated pattern 'com.example.*': a single * now stays within a package; it is read"
                + " the old way (any text) for now, so write 'com.example.**' for the same classes, or"
                + " 'com/example/*' for the new meaning", "deprecated pattern 'com.example.gen.*': a single * now"
                + " stays within a package; it is read the old way (any text) for now, so write 'com.example.gen.**'"
                + " for the same classes, or 'com/example/gen/*' for the new meaning"), options.warnings);
    }

    @Test
    void aSlashedPatternHasTheNewMeaningWithoutWarning() {
        AgentOptions options = AgentOptions.parse("includes=com/example/*");
        assertTrue(options.accepts("com.example.Shop"));
        assertTrue(!options.accepts("com.example.deep.Shop"));
        assertTrue(options.warnings.isEmpty());
    }

    @Test
    void anUnknownOptionIsRefusedWithTheListOfKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose,fast"));
        assertEquals("unknown option 'fast'; known options: " + Option.known(), e.getMessage());
        assertTrue(e.getMessage().contains("never-awaited=error|warning|off"), e.getMessage());
    }

    @Test
    void anEmptyPatternIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("includes=a.**::b.**"));
        assertEquals("option includes: empty pattern in 'a.**::b.**'; accepted: includes=PATTERN[:PATTERN...]",
                e.getMessage());
    }

    @Test
    void theTransformerLogsDiagnosticsInTheOneFormatAndLambdasByTheirEnclosingMethod() throws Exception {
        AgentOptions options = AgentOptions.parse("verbose,blocking-call=error");
        AsyncClassFileTransformer transformer = new AsyncClassFileTransformer(options, log);

        // Under another name: the agent never rewrites its own package.
        assertTrue(transformer.transform(getClass().getClassLoader(), "com/example/Sample", null, null,
                bytesOf(Sample.class)) != null);

        String text = output.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[jawait] dev/jawait/agent/Sample.java:[21] error: [blocking-call] Thread.sleep()"
                + " blocks the thread in async lambda in dev.jawait.agent.Sample.sleepy (Sample.java:18), and"), text);
        assertTrue(text.contains("[jawait] rewrote lambda in dev.jawait.agent.Sample.sleepy (Sample.java:18)"),
                text);
        assertTrue(text.contains("[jawait] rewrote dev.jawait.agent.Sample.echo("), text);
        assertTrue(!text.contains("lambda$"), text);
    }

    /** Frame classes the agent's rewrite defines have names no build writes files under (see AgentIT). */
    @Test
    void theAgentsFrameClassesHaveNamesOfTheirOwn() throws Exception {
        AsyncClassFileTransformer transformer = new AsyncClassFileTransformer(AgentOptions.parse(""), log);
        byte[] rewritten = transformer.transform(getClass().getClassLoader(), "com/example/Sample", null, null,
                bytesOf(Sample.class));
        String constants = new String(rewritten, StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("dev/jawait/agent/Sample$jawait$AgentFrame0"), constants);
        assertTrue(!constants.contains("$jawait$Frame"), constants);
    }

    @Test
    void checkLevelsAreOptions() {
        AgentOptions options = AgentOptions.parse("never-awaited=off,blocking-call=error,blocking-calls=a.B#c");
        assertEquals(dev.jawait.transform.Check.Level.OFF,
                options.transformOptions.level(dev.jawait.transform.Check.NEVER_AWAITED));
        assertEquals(dev.jawait.transform.Check.Level.ERROR,
                options.transformOptions.level(dev.jawait.transform.Check.BLOCKING_CALL));
        assertTrue(options.transformOptions.blockingCalls().containsKey("a.B#c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("blocking-call=loud"));
        assertEquals("option blocking-call: 'loud' is not a check level; accepted: blocking-call=error|warning|off",
                e.getMessage());
    }

    private static byte[] bytesOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
