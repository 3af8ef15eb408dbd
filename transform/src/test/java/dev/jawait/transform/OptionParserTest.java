package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {
    @Test
    void includesAndExcludesSelectClasses() {
        Options options = OptionParser.forBuild().set("includes", "com.example.**:org.acme.Main")
                .set("excludes", "com.example.gen.*").options();
        assertTrue(options.accepts("com.example.Shop"));
        assertTrue(options.accepts("com/example/deep/Shop"));
        assertTrue(options.accepts("org.acme.Main"));
        assertFalse(options.accepts("org.acme.Other"));
        assertFalse(options.accepts("com.example.gen.Model"));
        assertTrue(options.accepts("com.example.gen.sub.Model"));
        assertTrue(options.warnings().isEmpty());
    }

    @Test
    void withoutIncludesEveryClassIsIncluded() {
        assertTrue(OptionParser.forBuild().options().accepts("any.Thing"));
    }

    @Test
    void patternsAddUpOverRepeatedOptions() {
        Options options = OptionParser.forBuild().set(Option.INCLUDES, "a.*").set(Option.INCLUDES, "b.*").options();
        assertTrue(options.accepts("a.X"));
        assertTrue(options.accepts("b.X"));
    }

    @Test
    void checkLevelsAndBlockingCallsAreRead() {
        TransformOptions transform = OptionParser.forBuild().set("never-awaited", "off")
                .set("blocking-call", " ERROR ").set("blocking-calls", "a.B#c:d.E#f")
                .set("cancellation-caught", "error").options().transformOptions();
        assertEquals(Check.Level.OFF, transform.level(Check.NEVER_AWAITED));
        assertEquals(Check.Level.ERROR, transform.level(Check.BLOCKING_CALL));
        assertEquals(Check.Level.ERROR, transform.level(Check.CANCELLATION_CAUGHT));
        assertTrue(transform.blockingCalls().containsKey("a.B#c"));
        assertTrue(transform.blockingCalls().containsKey("d.E#f"));
    }

    @Test
    void eachCheckHasAnOptionOfItsName() {
        for (Check check : Check.values()) {
            Option option = Option.byId(check.id());
            assertEquals(Check.Level.OFF, OptionParser.forBuild().set(option, "off").options().transformOptions()
                    .level(check), check.id());
        }
    }

    @Test
    void anUnknownOptionIsRefusedWithTheListOfKnownOnes() {
        OptionException e = assertThrows(OptionException.class, () -> OptionParser.forAgent().set("fast", null));
        assertEquals("unknown option 'fast'; known options: includes=PATTERN[:PATTERN...],"
                + " excludes=PATTERN[:PATTERN...], never-awaited=error|warning|off, blocking-call=error|warning|off,"
                + " cancellation-caught=error|warning|off, blocking-calls=OWNER#METHOD[:OWNER#METHOD...], verbose, debug (agent only), dump=DIR (agent only)",
                e.getMessage());
    }

    @Test
    void anUnknownCheckLevelNamesTheOptionAndTheLevels() {
        OptionException e = assertThrows(OptionException.class,
                () -> OptionParser.forBuild().set("blocking-call", "loud"));
        assertEquals("option blocking-call: 'loud' is not a check level; accepted:"
                + " blocking-call=error|warning|off", e.getMessage());
    }

    @Test
    void anEmptyPatternIsRefused() {
        for (String value : List.of("", "a.*::b.*", "a.*:")) {
            OptionException e = assertThrows(OptionException.class,
                    () -> OptionParser.forBuild().set("excludes", value), value);
            assertEquals("option excludes: empty pattern in '" + value + "'; accepted:"
                    + " excludes=PATTERN[:PATTERN...]", e.getMessage());
        }
    }

    @Test
    void aBlockingCallWithoutHashIsRefused() {
        OptionException e = assertThrows(OptionException.class,
                () -> OptionParser.forBuild().set("blocking-calls", "a.B.c"));
        assertEquals("option blocking-calls: 'a.B.c' is not owner#method; accepted:"
                + " blocking-calls=OWNER#METHOD[:OWNER#METHOD...]", e.getMessage());
    }

    @Test
    void agentOnlyOptionsAreRefusedAheadOfTime() {
        OptionException e = assertThrows(OptionException.class, () -> OptionParser.forBuild().set("dump", "/tmp"));
        assertEquals("option dump: only the agent takes this option; accepted: dump=DIR", e.getMessage());
        Options agent = OptionParser.forAgent().set("dump", "/tmp/d").set("debug", null).options();
        assertEquals("/tmp/d", agent.dumpDirectory());
        assertTrue(agent.debug());
        assertNull(OptionParser.forAgent().options().dumpDirectory());
    }

    @Test
    void switchesTakeNoValueOrTrueOrFalse() {
        assertTrue(OptionParser.forBuild().set("verbose", null).options().verbose());
        assertFalse(OptionParser.forBuild().set("verbose", "false").options().verbose());
        assertThrows(OptionException.class, () -> OptionParser.forBuild().set("verbose", "yes"));
    }

    @Test
    void theAgentReadsItsOldSpellingTheOldWayWithAWarning() {
        Options options = OptionParser.forAgent().set("includes", "com.example.*:org.acme.**").options();
        assertTrue(options.accepts("com.example.gen.Model"));
        assertEquals(1, options.warnings().size());
        assertTrue(options.warnings().get(0).contains("write 'com.example.**'"), options.warnings().get(0));
    }

    @Test
    void buildsReadEveryPatternTheNewWay() {
        Options options = OptionParser.forBuild().set("includes", "com.example.*").options();
        assertFalse(options.accepts("com.example.gen.Model"));
        assertTrue(options.warnings().isEmpty());
    }

    @Test
    void mavenNamesAreTheCamelCaseOfTheOptionNames() {
        assertEquals("neverAwaited", Option.NEVER_AWAITED.mavenName());
        assertEquals("blockingCalls", Option.BLOCKING_CALLS.mavenName());
        assertEquals("includes", Option.INCLUDES.mavenName());
    }
}
