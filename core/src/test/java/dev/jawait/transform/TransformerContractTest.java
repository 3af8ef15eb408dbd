package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What callers of the transformer rely on, whatever the code inside the methods. */
class TransformerContractTest {
    private static final String ASYNC_SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Once {",
            "  @Async static CompletableFuture<String> m(CompletableFuture<String> f) {",
            "    return CompletableFuture.completedFuture(await(f));",
            "  }",
            "}");

    private final List<String> lookedUp = new ArrayList<>();

    private Transformer transformerSeeing(Map<String, byte[]> classes) {
        return new Transformer(new ClassHierarchy(name -> {
            lookedUp.add(name);
            byte[] bytes = classes.get(name);
            if (bytes != null) {
                return bytes;
            }
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        }));
    }

    @Test
    void aClassThatDoesNotMentionJawaitIsNotEvenParsed() throws Exception {
        byte[] bytes;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/util/ArrayList.class")) {
            bytes = in.readAllBytes();
        }
        TransformResult result = transformerSeeing(Map.of()).transform(bytes);
        assertFalse(result.changed());
        assertNull(result.className());
        assertTrue(result.diagnostics().isEmpty());
        assertTrue(lookedUp.isEmpty());
    }

    @Test
    void aRewrittenClassIsNeverRewrittenAgain() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Once", ASYNC_SOURCE), 11);
        Transformer transformer = transformerSeeing(classes);
        TransformResult first = transformer.transform(classes.get("fx/Once"));
        assertTrue(first.changed());
        assertEquals(List.of("m(Ljava/util/concurrent/CompletableFuture;)Ljava/util/concurrent/CompletableFuture;"),
                first.rewrittenMethods());

        TransformResult second = transformer.transform(first.bytes());
        assertFalse(second.changed());
        assertEquals("fx/Once", second.className());
        assertTrue(second.rewrittenMethods().isEmpty());
    }

    @Test
    void theBodyKeepsLineNumbersAndLocalVariableNamesForDebuggers() {
        String source = ASYNC_SOURCE.replace("    return CompletableFuture.completedFuture(await(f));",
                "    String got = await(f);\n    int length = got.length();\n"
                        + "    return CompletableFuture.completedFuture(got + length);");
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Once", source), 11);
        org.objectweb.asm.tree.ClassNode rewritten = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(transformerSeeing(classes).transform(classes.get("fx/Once")).bytes())
                .accept(rewritten, 0);
        org.objectweb.asm.tree.MethodNode body = rewritten.methods.stream()
                .filter(m -> m.name.equals("m") && m.desc.endsWith("Ldev/jawait/internal/CallFrame;)Ljava/lang/Object;"))
                .findFirst().orElseThrow();
        List<String> locals = new ArrayList<>();
        body.localVariables.forEach(v -> locals.add(v.name + "@" + v.index));
        // Slot 1 holds the frame; the method's own locals move up by one.
        assertEquals(List.of("f@0", "got@2", "length@3"), locals.stream().sorted().collect(
                java.util.stream.Collectors.toList()));
        List<Integer> lines = new ArrayList<>();
        body.instructions.forEach(insn -> {
            if (insn instanceof org.objectweb.asm.tree.LineNumberNode) {
                lines.add(((org.objectweb.asm.tree.LineNumberNode) insn).line);
            }
        });
        assertTrue(lines.containsAll(List.of(7, 8, 9)), lines.toString());
    }

    @Test
    void asyncOnAConstructorIsReportedThoughJavacRefusesToCompileIt() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Once", ASYNC_SOURCE), 11);
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(classes.get("fx/Once")).accept(node, 0);
        org.objectweb.asm.tree.MethodNode constructor = node.methods.stream().filter(m -> m.name.equals("<init>"))
                .findFirst().orElseThrow();
        constructor.visitAnnotation("Ldev/jawait/Async;", false);
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        node.accept(writer);

        TransformResult result = transformerSeeing(classes).transform(writer.toByteArray());
        assertEquals(List.of("fx/Once.java:[5] @dev.jawait.Async cannot mark a constructor or initializer"
                + " (fx.Once.<init>()); move the asynchronous work to an @dev.jawait.Async method"),
                result.diagnostics().stream().map(Object::toString).collect(java.util.stream.Collectors.toList()));
        assertTrue(result.changed(), "the rest of the class is still rewritten");
    }

    @Test
    void rewritingIsDeterministic() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Once", ASYNC_SOURCE), 11);
        byte[] first = transformerSeeing(classes).transform(classes.get("fx/Once")).bytes();
        byte[] second = transformerSeeing(classes).transform(classes.get("fx/Once")).bytes();
        assertArrayEquals(first, second);
    }

    @Test
    void classFilesOlderThanJava8AreReportedAndLeftAlone() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Once", ASYNC_SOURCE), 8);
        byte[] java7 = classes.get("fx/Once").clone();
        java7[6] = 0; // major version, big-endian: 51 is Java 7, which no current javac emits with CompletableFuture
        java7[7] = 51;
        TransformResult result = transformerSeeing(classes).transform(java7);
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        assertEquals("fx/Once.java:[1] class file version 51 is older than Java 8; compile with --release 8 or"
                + " newer to use @dev.jawait.Async", result.diagnostics().get(0).toString());
    }
}
