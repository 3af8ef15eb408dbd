package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * A class already rewritten is left alone, and one rewritten in a format this runtime does not run is reported, naming
 * the class and the fix, instead of failing at run time with a missing member.
 */
class RewrittenFormatTest {
    private static byte[] rewritten;

    @BeforeAll
    static void compile() throws Exception {
        AsyncFixture fixture = AsyncFixture.clean("fx.Recursion", FixtureSuiteTest.source("Recursion"), 11);
        rewritten = fixture.rewritten().bytes("fx/Recursion");
    }

    /** The rewritten class with its marker saying {@code format}. */
    private static byte[] markedAs(int format) {
        ClassNode owner = new ClassNode();
        new ClassReader(rewritten).accept(owner, 0);
        for (AnnotationNode marker : owner.invisibleAnnotations) {
            if (marker.desc.equals("Ldev/jawait/internal/Rewritten;")) {
                marker.values.set(marker.values.indexOf("format") + 1, format);
            }
        }
        ClassWriter writer = new ClassWriter(0);
        owner.accept(writer);
        return writer.toByteArray();
    }

    private static List<String> findingsFor(int format) {
        TransformResult again = new Transformer(ClassHierarchy.of(RewrittenFormatTest.class.getClassLoader()))
                .transform(markedAs(format));
        assertTrue(again.alreadyRewritten());
        return again.diagnostics().stream().map(Object::toString).collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6})
    void aFormatThisRuntimeRunsIsLeftAsItIsWithoutAFinding(int format) {
        assertEquals(List.of(), findingsFor(format));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void anyOtherFormatIsReportedAsNeedingARebuild(int format) {
        List<String> findings = findingsFor(format);
        assertEquals(1, findings.size(), String.valueOf(findings));
        String finding = findings.get(0);
        assertTrue(finding.contains("fx.Recursion was rewritten by " + (format > 6 ? "a newer" : "an older")
                + " jawait (rewritten-code format " + format + ")"), finding);
        assertTrue(finding.contains("rebuild it from source with this version"), finding);
    }
}
