package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        assertTrue(lines[0].startsWith("[jawait] ERROR com/example/Sample.java:[1] cannot read the class file of"
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
        AgentOptions options = AgentOptions.parse("includes=com.example.*:org.acme.Main,excludes=com.example.gen.*");
        assertTrue(options.accepts("com.example.Shop"));
        assertTrue(options.accepts("org.acme.Main"));
        assertTrue(!options.accepts("org.acme.Other"));
        assertTrue(!options.accepts("com.example.gen.Model"));
    }

    @Test
    void anUnknownOptionIsRefusedWithTheListOfKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose,fast"));
        assertEquals("unknown jawait agent option 'fast'; known: verbose, debug, dump=DIR, includes=PATTERNS,"
                + " excludes=PATTERNS, never-awaited=LEVEL, blocking-call=LEVEL, blocking-calls=CALLS",
                e.getMessage());
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
        assertEquals("jawait agent option blocking-call is error, warning or off, not 'loud'", e.getMessage());
    }

    private static byte[] bytesOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
