package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Misuses are reported with class, method and line; the method stays as it was and fails clearly if it runs. */
class MisuseDiagnosticsTest {
    private static final String MARK = "// error: ";
    private static String source;
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() throws Exception {
        source = FixtureSuiteTest.source("Misuse");
        fixture = AsyncFixture.of("fx.Misuse", source, 17);
    }

    @Test
    void everyMisuseIsReportedOnItsLineAndNothingElse() {
        List<String> expected = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int mark = lines[i].indexOf(MARK);
            if (mark >= 0) {
                expected.add("fx/Misuse.java:[" + (i + 1) + "] " + lines[i].substring(mark + MARK.length()));
            }
        }
        List<Diagnostic> diagnostics = fixture.rewritten().diagnostics();
        String all = diagnostics.stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertEquals(expected.size(), diagnostics.size(), all);
        for (String prefix : expected) {
            assertTrue(diagnostics.stream().anyMatch(d -> d.toString().startsWith(prefix)),
                    "missing: " + prefix + "\nin:\n" + all);
        }
        assertTrue(diagnostics.stream().allMatch(d -> d.severity() == Diagnostic.Severity.ERROR));
    }

    @Test
    void misusesAreReportedAgainWhenTheRewrittenClassIsSeenAgain() {
        byte[] rewritten = fixture.rewritten().bytes("fx/Misuse");
        TransformResult again = new Transformer(ClassHierarchy.of(getClass().getClassLoader())).transform(rewritten);
        assertTrue(again.alreadyRewritten());
        assertEquals(fixture.rewritten().diagnostics().stream().filter(d -> d.className().equals("fx.Misuse"))
                        .map(Object::toString).collect(Collectors.toList()),
                again.diagnostics().stream().map(Object::toString).collect(Collectors.toList()));
    }

    @Test
    void aMethodWithAMistakeDoesNotStopItsNeighboursFromBeingRewritten() {
        assertEquals("still rewritten ok", fixture.run("fineNextToMistakes"));
    }

    @Test
    void runningAnUnrewrittenAwaitFailsWithAnExplanationNamingTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try {
                CompletableFuture<Object> result = fixture.call(fixture.rewritten(), "notAsync");
                result.join();
            } catch (RuntimeException thrown) {
                throw thrown.getCause() != null ? thrown.getCause() : thrown;
            }
        });
        assertTrue(e.getMessage().startsWith("Await.await called in fx.Misuse.notAsync (Misuse.java:18), which"
                + " jawait did not rewrite"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:"), e.getMessage());
        assertTrue(e.getMessage().contains("jawait-maven-plugin"), e.getMessage());
        // In full: Spring users have an @Async of their own, which jawait does not read.
        assertTrue(e.getMessage().contains("Annotate the method @dev.jawait.Async"), e.getMessage());
    }

    @Test
    void awaitInsideSynchronizedIsLeftAsItWasSoItFailsInsteadOfReleasingTheLock() {
        String outcome = fixture.run("synchronizedBlock");
        assertTrue(outcome.startsWith("threw synchronously IllegalStateException: Await.await called in"
                + " fx.Misuse.synchronizedBlock"), outcome);
    }

    @Test
    void anAsyncCloseableClosedOutsideRewrittenCodeFailsNamingTheCallerAndTheFix() throws Exception {
        java.lang.reflect.Method method = fixture.rewritten().loadClass("fx.Misuse")
                .getDeclaredMethod("asyncResourceOutsideAsync");
        method.setAccessible(true);
        java.lang.reflect.InvocationTargetException thrown = assertThrows(
                java.lang.reflect.InvocationTargetException.class, () -> method.invoke(null));
        String message = thrown.getCause().getMessage();
        assertTrue(thrown.getCause() instanceof IllegalStateException, String.valueOf(thrown.getCause()));
        assertTrue(message.startsWith("close() of the AsyncCloseable dev.jawait.TaskGroup called in"
                + " fx.Misuse.asyncResourceOutsideAsync (Misuse.java:"), message);
        assertTrue(message.contains("await(resource.closeAsync())"), message);
    }
}
