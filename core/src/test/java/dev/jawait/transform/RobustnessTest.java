package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.fixtures.F;
import dev.jawait.testing.FixtureCompiler;
import dev.jawait.testing.RewrittenClasses;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Unusual and broken class files, and methods at the JVM's limits: a clear error or no change, never a crash. */
class RobustnessTest {
    private static String manyAwaits(String className, int awaits) {
        StringBuilder source = new StringBuilder(String.join("\n",
                "package fx;",
                "import static dev.jawait.Await.await;",
                "import static dev.jawait.fixtures.F.*;",
                "import dev.jawait.Async;",
                "import java.util.concurrent.CompletableFuture;",
                "public class " + className + " {",
                "  @Async public static CompletableFuture<Integer> run() {",
                "    int total = 0;\n"));
        for (int i = 0; i < awaits; i++) {
            source.append("    total += await(later(").append(i % 7).append("));\n");
        }
        source.append("    return CompletableFuture.completedFuture(total);\n  }\n}\n");
        return source.toString();
    }

    private static Object runRewritten(RewrittenClasses classes, String className) throws Exception {
        Class<?> type = classes.loadClass(className);
        CompletableFuture<Object> result = F.pump(() -> {
            try {
                @SuppressWarnings("unchecked")
                CompletionStage<Object> stage = (CompletionStage<Object>) type.getMethod("run").invoke(null);
                return stage.toCompletableFuture();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        return result.get();
    }

    @Test
    void aTruncatedClassFileIsReportedAndLeftAsItIs() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Many", manyAwaits("Many", 3)), 11);
        byte[] truncated = Arrays.copyOf(classes.get("fx/Many"), classes.get("fx/Many").length - 40);
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader())).transform(truncated);
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        assertTrue(result.diagnostics().get(0).message().startsWith("cannot read the class file of "),
                result.diagnostics().get(0).message());
    }

    @Test
    void aClassFileTooNewForTheTransformerIsReportedNotPassedOverSilently() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Many", manyAwaits("Many", 3)), 11);
        byte[] future = classes.get("fx/Many").clone();
        future[6] = 0; // major version 99: no JDK, nor ASM, knows it yet
        future[7] = 99;
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader())).transform(future);
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        assertEquals(Diagnostic.Severity.ERROR, result.diagnostics().get(0).severity());
        assertTrue(result.diagnostics().get(0).message().startsWith("cannot read the class file of <unknown"
                + " class>, which uses jawait (java.lang.IllegalArgumentException: Unsupported class file version"
                + " 99.0)"),
                result.diagnostics().get(0).message());
    }

    @Test
    void unknownAttributesSurviveTheRewrite() throws Exception {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Many", manyAwaits("Many", 3)), 11);
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classes.get("fx/Many")).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                super.visitAttribute(new Custom("dev.example.ClassNote"));
                super.visitEnd();
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (name.equals("run")) {
                    method.visitAttribute(new Custom("dev.example.MethodNote"));
                }
                return method;
            }
        }, 0);
        Map<String, byte[]> withAttributes = new LinkedHashMap<>(classes);
        withAttributes.put("fx/Many", writer.toByteArray());

        RewrittenClasses rewritten = RewrittenClasses.rewrite(withAttributes);
        assertTrue(rewritten.diagnostics().isEmpty(), rewritten.diagnostics().toString());
        assertEquals(3, runRewritten(rewritten, "fx.Many"));
        String text = new String(rewritten.bytes("fx/Many"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("dev.example.ClassNote") && text.contains("dev.example.MethodNote"));
    }

    @Test
    void aMethodWithThreeHundredAwaitsIsRewritten() throws Exception {
        RewrittenClasses rewritten = RewrittenClasses.rewrite(
                FixtureCompiler.compile(Map.of("fx.Many", manyAwaits("Many", 300)), 11));
        assertTrue(rewritten.diagnostics().isEmpty(), rewritten.diagnostics().toString());
        int expected = 0;
        for (int i = 0; i < 300; i++) {
            expected += i % 7;
        }
        assertEquals(expected, runRewritten(rewritten, "fx.Many"));
    }

    @Test
    void aMethodThatWouldOutgrowTheCodeSizeLimitIsReportedAndLeftAsItIs() {
        Map<String, byte[]> classes = FixtureCompiler.compile(Map.of("fx.Huge", manyAwaits("Huge", 3000)), 11);
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader()))
                .transform(classes.get("fx/Huge"));
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        String message = result.diagnostics().get(0).toString();
        assertTrue(message.startsWith("fx/Huge.java:[1] rewriting fx.Huge.run() would make its code "), message);
        assertTrue(message.contains("bytes, over the JVM's limit of 65535; split the method"), message);
    }

    /** An attribute no JVM or tool knows, with two bytes of content. */
    private static final class Custom extends Attribute {
        Custom(String type) {
            super(type);
        }

        @Override
        protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack,
                int maxLocals) {
            return new ByteVector().putShort(42);
        }
    }
}
