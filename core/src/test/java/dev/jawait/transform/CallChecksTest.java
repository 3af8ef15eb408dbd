package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The build-time checks: dropped futures and blocking calls in async code, their levels and suppression. */
class CallChecksTest {
    private static final String MARK = "// warning: ";
    private static String source;
    private static byte[] checks;
    private static Map<String, byte[]> classes;

    @BeforeAll
    static void compile() throws Exception {
        source = FixtureSuiteTest.source("Checks");
        classes = FixtureCompiler.compile(Map.of("fx.Checks", source), 17);
        checks = classes.get("fx/Checks");
    }

    private static TransformResult transform(TransformOptions options) {
        return new Transformer(new ClassHierarchy(name -> {
            byte[] bytes = classes.get(name);
            if (bytes != null) {
                return bytes;
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        }), options).transform(checks);
    }

    private static List<String> expected() {
        List<String> expected = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int mark = lines[i].indexOf(MARK);
            if (mark >= 0) {
                expected.add("fx/Checks.java:[" + (i + 1) + "] " + lines[i].substring(mark + MARK.length()));
            }
        }
        return expected;
    }

    @Test
    void droppedFuturesAndBlockingCallsAreWarningsOnTheirLinesAndNothingElse() {
        TransformResult result = transform(TransformOptions.defaults());
        List<Diagnostic> diagnostics = result.diagnostics();
        String all = diagnostics.stream().map(Object::toString).collect(Collectors.joining("\n"));
        List<String> expected = expected();
        assertEquals(expected.size(), diagnostics.size(), all);
        for (String prefix : expected) {
            assertTrue(diagnostics.stream().anyMatch(d -> d.toString().startsWith(prefix)), "missing: " + prefix
                    + "\nin:\n" + all);
        }
        assertTrue(diagnostics.stream().allMatch(d -> d.severity() == Diagnostic.Severity.WARNING), all);
        assertTrue(diagnostics.stream().allMatch(d -> d.message().endsWith("if that is intended)")), all);
        assertTrue(result.changed(), "warnings do not stop the rewriting");
    }

    @Test
    void aCheckSetToErrorReportsErrorsButStillRewrites() {
        TransformResult result = transform(TransformOptions.defaults().withLevel(Check.BLOCKING_CALL,
                Check.Level.ERROR));
        long errors = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
        assertEquals(4, errors, result.diagnostics().toString());
        assertTrue(result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .allMatch(d -> d.message().startsWith("[blocking-call]")));
        assertTrue(result.changed());
    }

    @Test
    void aRewrittenClassReportsItsFindingsAgainWithTheLevelsInForceNow() {
        TransformResult first = transform(TransformOptions.defaults());
        checksAgain = first.bytes();
        TransformResult again = new Transformer(ClassHierarchy.of(getClass().getClassLoader()),
                TransformOptions.defaults().withLevel(Check.BLOCKING_CALL, Check.Level.ERROR)
                        .withLevel(Check.NEVER_AWAITED, Check.Level.OFF)
                        .withLevel(Check.CANCELLATION_CAUGHT, Check.Level.OFF)).transform(checksAgain);
        assertTrue(again.alreadyRewritten());
        List<String> blocking = first.diagnostics().stream().filter(d -> d.check() == Check.BLOCKING_CALL)
                .map(Object::toString).collect(Collectors.toList());
        assertEquals(blocking, again.diagnostics().stream().map(Object::toString).collect(Collectors.toList()));
        assertTrue(again.diagnostics().stream().allMatch(d -> d.severity() == Diagnostic.Severity.ERROR));
    }

    private static byte[] checksAgain;

    /**
     * A check off when a build rewrote the class, turned on later, reports what it finds there without a recompile.
     */
    @Test
    void aCheckTurnedOnAfterTheClassWasRewrittenWithItOffReportsItsFindings() {
        TransformOptions allOff = TransformOptions.defaults().withEveryClassChecked(true); // a build's, not an agent's
        for (Check check : Check.values()) {
            allOff = allOff.withLevel(check, Check.Level.OFF);
        }
        TransformResult rewrittenWithChecksOff = transform(allOff);
        assertEquals(List.of(), rewrittenWithChecksOff.diagnostics());

        TransformResult again = new Transformer(ClassHierarchy.of(getClass().getClassLoader()),
                TransformOptions.defaults()).transform(rewrittenWithChecksOff.bytes());

        assertTrue(again.alreadyRewritten());
        assertEquals(transform(TransformOptions.defaults()).diagnostics().stream().map(Object::toString)
                .sorted().collect(Collectors.toList()),
                again.diagnostics().stream().map(Object::toString).sorted().collect(Collectors.toList()));
    }

    @Test
    void checksSetToOffReportNothing() {
        TransformOptions allOff = TransformOptions.defaults();
        for (Check check : Check.values()) {
            allOff = allOff.withLevel(check, Check.Level.OFF);
        }
        assertEquals(List.of(), transform(allOff).diagnostics());
    }

    @Test
    void aCatchOfIllegalStateExceptionAroundAnAwaitIsReportedWithItsAdviceAndCanBeMadeAnError() {
        TransformResult result = transform(TransformOptions.defaults().withLevel(Check.CANCELLATION_CAUGHT,
                Check.Level.ERROR));
        List<String> errors = result.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .map(Object::toString).collect(Collectors.toList());
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).equals("fx/Checks.java:[64] [cancellation-caught] the catch (IllegalStateException) at line 66"
                + " in async method fx.Checks.catchesACancellation() also catches the cancellation of this await"
                + " (CancellationException extends IllegalStateException), and the task goes on instead of stopping;"
                + " catch CancellationException before it and rethrow it, or catch a narrower exception"
                + " (@SuppressChecks(\"cancellation-caught\") if that is intended)"), errors.get(0));
        assertTrue(result.changed());
    }

    @Test
    void theBlockingCallsCanBeExtended() {
        TransformResult result = transform(TransformOptions.defaults().withBlockingCall("fx.Checks$Db#query",
                "use the async driver"));
        assertTrue(result.diagnostics().stream().anyMatch(d -> d.message().equals("[blocking-call] Checks.Db.query()"
                + " blocks the thread in async method fx.Checks.blocks(), and with it every task of an event loop;"
                + " use the async driver (@SuppressChecks(\"blocking-call\") if that is intended)")),
                result.diagnostics().toString());
    }

    @Test
    void aBlockingCallIsWrittenOwnerHashMethod() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TransformOptions.defaults().withBlockingCall("fx.Checks.Db.query", "x"));
        assertEquals("a blocking call is written owner#method, such as com.example.Db#query, not"
                + " 'fx.Checks.Db.query'", e.getMessage());
    }

    /**
     * A class that never mentions jawait (a handler calling a service's {@code @Async} method) is read at build time,
     * where the plugin and the command line pay for it once, and not by default, where the agent would pay for it at
     * every class load.
     */
    @Test
    void aPlainClassDroppingAnotherClassesAsyncCallIsReportedWhenEveryClassIsChecked() {
        String handler = String.join("\n",
                "package fx;",
                "public class Handler {",
                "  public void handle(String item) {",
                "    Checks.save(item);",
                "  }",
                "  public java.util.concurrent.CompletableFuture<String> passesItOn(String item) {",
                "    return Checks.save(item);",
                "  }",
                "}");
        Map<String, byte[]> both = FixtureCompiler.compile(Map.of("fx.Checks", source, "fx.Handler", handler), 17);
        ClassHierarchy hierarchy = new ClassHierarchy(name -> both.get(name) != null ? both.get(name)
                : readSystem(name));

        assertEquals(List.of(), new Transformer(hierarchy).transform(both.get("fx/Handler")).diagnostics());
        List<String> found = new Transformer(hierarchy, TransformOptions.defaults().withEveryClassChecked(true))
                .transform(both.get("fx/Handler")).diagnostics().stream().map(Object::toString)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("fx/Handler.java:[4] [never-awaited] the future of the"
                + " @dev.jawait.Async call Checks.save() is dropped in fx.Handler.handle(), which is not async"),
                found.get(0));
    }

    /**
     * A class that names neither Await nor @Async may still close a TaskGroup: a plain method doing so is reported,
     * and a lambda returning a stage gets its close awaited, as in any other class.
     */
    @Test
    void aPlainClassClosingATaskGroupIsReportedOrRewrittenWhenEveryClassIsChecked() throws Exception {
        String plain = String.join("\n",
                "package fx;",
                "import dev.jawait.TaskGroup;",
                "import java.util.concurrent.CompletableFuture;",
                "import java.util.function.Supplier;",
                "public class PlainGroup {",
                "  public void run() {",
                "    try (TaskGroup group = new TaskGroup()) {",
                "      group.spawn(() -> CompletableFuture.completedFuture(1));",
                "    }",
                "  }",
                "  public static Supplier<CompletableFuture<String>> closing() {",
                "    return () -> {",
                "      try (TaskGroup group = new TaskGroup()) {",
                "        group.spawn(() -> CompletableFuture.completedFuture(1));",
                "      }",
                "      return CompletableFuture.completedFuture(\"closed\");",
                "    };",
                "  }",
                "}");
        Map<String, byte[]> compiled = FixtureCompiler.compile(Map.of("fx.PlainGroup", plain), 11);
        ClassHierarchy hierarchy = new ClassHierarchy(name -> compiled.get(name) != null ? compiled.get(name)
                : readSystem(name));

        TransformResult result = new Transformer(hierarchy, TransformOptions.defaults().withEveryClassChecked(true))
                .transform(compiled.get("fx/PlainGroup"));

        List<String> found = result.diagnostics().stream().map(Object::toString).collect(Collectors.toList());
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("fx/PlainGroup.java:[7] try-with-resources (or close()) of the"
                + " AsyncCloseable dev.jawait.TaskGroup in fx.PlainGroup.run(), which is not @dev.jawait.Async"),
                found.get(0));
        assertEquals(1, result.rewrittenMethods().size(), "the lambda's close is awaited");
    }

    private static byte[] readSystem(String name) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
