package dev.jawait.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fuzzer's fallback compiler must write what the in-memory javac writes, and refuse what it refuses. */
class FixtureCompilerTest {
    private static final Map<String, String> SOURCES = Map.of(
            "fz.A", "package fz; public class A { public static int one() { return B.one(); } }",
            "fz.B", "package fz; class B { static int one() { Runnable r = () -> {}; r.run(); return 1; } }");

    @Test
    void javacInANewProcessWritesTheClassFilesOfJavacInThisOne() {
        Map<String, byte[]> here = FixtureCompiler.compile(SOURCES, 11);
        Map<String, byte[]> there = FixtureCompiler.compileInNewProcess(SOURCES, 11);
        assertEquals(here.keySet(), there.keySet());
        here.forEach((name, bytes) -> assertArrayEquals(bytes, there.get(name), name));
    }

    @Test
    void javacInANewProcessRefusesWhatDoesNotCompileAndSaysWhy() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FixtureCompiler.compileInNewProcess(Map.of("fz.C", "package fz; class C { int x = y; }"), 17));
        assertTrue(refused.getMessage().contains("cannot find symbol"), refused.getMessage());
    }
}
