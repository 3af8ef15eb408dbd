package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * What the transformer does when the class path it was given has gaps, or a class was marked by another version:
 * it says so, and never crashes or passes over a problem silently.
 */
class LookupGapsTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.*;",
            "public class Gaps {",
            "  public static class Unseen implements dev.jawait.AsyncCloseable {",
            "    public CompletionStage<Void> closeAsync() { return CompletableFuture.completedFuture(null); }",
            "  }",
            "  @Async static CompletableFuture<String> uses() {",
            "    try (Unseen resource = new Unseen()) {",
            "      return CompletableFuture.completedFuture(await(CompletableFuture.completedFuture(\"x\")));",
            "    }",
            "  }",
            "}");

    private final Map<String, byte[]> compiled = FixtureCompiler.compile(Map.of("fx.Gaps", SOURCE), 11);

    /** A lookup path without the resource's class: nothing tells whether it is an AsyncCloseable. */
    private Transformer withoutTheResource() {
        ClassHierarchy.ClassFileLocator jdkAndRuntime = Instrumenter.resourcesOf(getClass().getClassLoader());
        return new Transformer(new ClassHierarchy(name -> name.equals("fx/Gaps$Unseen") ? null
                : compiled.containsKey(name) ? compiled.get(name) : jdkAndRuntime.find(name)));
    }

    @Test
    void aResourceWhoseTypeCannotBeLookedUpInAnAsyncMethodIsAWarningNamingItAndItsLine() {
        TransformResult result = withoutTheResource().transform(compiled.get("fx/Gaps"));

        List<String> findings = result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList());
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("fx/Gaps.java:[10] warning: cannot tell whether fx.Gaps$Unseen, closed"
                + " in fx.Gaps.uses(), is an AsyncCloseable"), findings.get(0));
    }

    @Test
    void theWarningIsReportedAgainAsAWarningWhenTheRewrittenClassIsSeenAgain() {
        TransformResult first = withoutTheResource().transform(compiled.get("fx/Gaps"));
        assertNotNull(first.bytes(), "the method is rewritten, its close left as it was");

        TransformResult again = withoutTheResource().transform(first.bytes());

        assertTrue(again.alreadyRewritten());
        assertEquals(first.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList()),
                again.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList()));
        assertEquals(Diagnostic.Severity.WARNING, again.diagnostics().get(0).severity());
    }

    /** A class rewritten by a later jawait may record a check this one does not know, or a line it cannot read. */
    @Test
    void aMarkerWithAnUnknownCheckOrLineIsReadWithoutCrashing() {
        TransformResult first = withoutTheResource().transform(compiled.get("fx/Gaps"));
        ClassNode rewritten = new ClassNode();
        new ClassReader(first.bytes()).accept(rewritten, 0);
        for (AnnotationNode marker : rewritten.invisibleAnnotations) {
            if (marker.desc.equals("Ldev/jawait/internal/Rewritten;")) {
                List<Object> values = new ArrayList<>(marker.values);
                values.set(values.indexOf("findings") + 1,
                        List.of("a-check-of-tomorrow\tuses\t10\tsomething new", "misuse\tuses\tten\tsomething old"));
                marker.values = values;
            }
        }
        ClassWriter writer = new ClassWriter(0);
        rewritten.accept(writer);

        TransformResult again = withoutTheResource().transform(writer.toByteArray());

        assertEquals(List.of("fx/Gaps.java:[1] error: something old"), again.diagnostics().stream()
                .map(Diagnostic::format).collect(Collectors.toList()));
    }
}
