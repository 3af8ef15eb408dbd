package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import dev.jawait.fixtures.F;
import dev.jawait.testing.RewrittenClasses;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Shapes of objects under construction that no javac emits but other tools do (ecj, bytecode generators), after EA
 * Async's UnorthodoxFrameTest: each is rewritten and runs, or is reported clearly and left as it was.
 */
class HandWrittenBytecodeTest {
    private static final String AWAIT_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";

    /** {@code static CompletableFuture apply(CompletableFuture f)}, marked @Async, with the given body. */
    private static Map<String, byte[]> classWith(String name, int maxStack, int maxLocals, Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(V1_8, ACC_PUBLIC | ACC_SUPER, "fx/" + name, null, "java/lang/Object", null);
        writer.visitSource(name + ".java", null);
        MethodVisitor method = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "apply",
                "(Ljava/util/concurrent/CompletableFuture;)Ljava/util/concurrent/CompletableFuture;", null, null);
        method.visitAnnotation("Ldev/jawait/Async;", false).visitEnd();
        method.visitCode();
        body.accept(method);
        method.visitMaxs(maxStack, maxLocals);
        method.visitEnd();
        writer.visitEnd();
        return Map.of("fx/" + name, writer.toByteArray());
    }

    private static void newIntegerOfAwaitedString(MethodVisitor method, int dups) {
        method.visitTypeInsn(NEW, "java/lang/Integer");
        for (int i = 0; i < dups; i++) {
            method.visitInsn(DUP);
        }
        method.visitVarInsn(ALOAD, 0);
        method.visitMethodInsn(INVOKESTATIC, "dev/jawait/Await", "await", AWAIT_DESC, false);
        method.visitTypeInsn(CHECKCAST, "java/lang/String");
        method.visitMethodInsn(INVOKESPECIAL, "java/lang/Integer", "<init>", "(Ljava/lang/String;)V", false);
    }

    private static void returnCompleted(MethodVisitor method) {
        method.visitMethodInsn(INVOKESTATIC, "java/util/concurrent/CompletableFuture", "completedFuture",
                "(Ljava/lang/Object;)Ljava/util/concurrent/CompletableFuture;", false);
        method.visitInsn(ARETURN);
    }

    private static Object run(Map<String, byte[]> classes, String name) throws Exception {
        RewrittenClasses rewritten = RewrittenClasses.rewrite(classes);
        assertTrue(rewritten.diagnostics().isEmpty(), rewritten.diagnostics().toString());
        Class<?> type = rewritten.loadClass("fx." + name);
        CompletableFuture<Object> result = F.pump(() -> {
            try {
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> future = (CompletableFuture<Object>) type
                        .getMethod("apply", CompletableFuture.class).invoke(null, F.later("101"));
                return future;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        return result.get();
    }

    @Test
    void newWithoutDupAsEcjEmitsForAStatementIsRewritten() throws Exception {
        Map<String, byte[]> classes = classWith("NoDup", 3, 1, method -> {
            newIntegerOfAwaitedString(method, 0);
            method.visitLdcInsn("done");
            returnCompleted(method);
        });
        assertEquals("done", run(classes, "NoDup"));
    }

    @Test
    void newWithSeveralDupsKeepsEveryCopy() throws Exception {
        for (int dups = 1; dups <= 4; dups++) {
            int copies = dups;
            Map<String, byte[]> classes = classWith("Dups" + dups, 4 + dups, 1, method -> {
                newIntegerOfAwaitedString(method, copies);
                for (int i = 1; i < copies; i++) {
                    method.visitInsn(POP);
                }
                returnCompleted(method);
            });
            assertEquals(101, run(classes, "Dups" + dups), dups + " DUPs");
        }
    }

    @Test
    void anObjectUnderConstructionStoredInALocalIsReportedAndLeftAlone() {
        Map<String, byte[]> classes = classWith("Stored", 4, 2, method -> {
            method.visitTypeInsn(NEW, "java/lang/Integer");
            method.visitInsn(DUP);
            method.visitInsn(DUP);
            method.visitVarInsn(ASTORE, 1);
            method.visitVarInsn(ALOAD, 0);
            method.visitMethodInsn(INVOKESTATIC, "dev/jawait/Await", "await", AWAIT_DESC, false);
            method.visitTypeInsn(CHECKCAST, "java/lang/String");
            method.visitMethodInsn(INVOKESPECIAL, "java/lang/Integer", "<init>", "(Ljava/lang/String;)V", false);
            method.visitInsn(POP);
            method.visitVarInsn(ALOAD, 1);
            returnCompleted(method);
        });
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader()))
                .transform(classes.get("fx/Stored"));
        assertFalse(result.changed());
        assertEquals(List.of("cannot rewrite fx.Stored.apply(): an object under construction is held in a local"
                + " variable across an await; this bytecode shape is not supported"),
                result.diagnostics().stream().map(Diagnostic::message).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void anObjectUnderConstructionShuffledWithSwapIsReportedAndLeftAlone() {
        Map<String, byte[]> classes = classWith("Swapped", 6, 1, method -> {
            method.visitTypeInsn(NEW, "java/lang/Integer");
            method.visitInsn(DUP);
            method.visitIntInsn(SIPUSH, 1);
            method.visitInsn(SWAP);
            method.visitVarInsn(ALOAD, 0);
            method.visitMethodInsn(INVOKESTATIC, "dev/jawait/Await", "await", AWAIT_DESC, false);
            method.visitTypeInsn(CHECKCAST, "java/lang/String");
            method.visitMethodInsn(INVOKESPECIAL, "java/lang/Integer", "<init>", "(Ljava/lang/String;)V", false);
            method.visitInsn(POP);
            returnCompleted(method);
        });
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader()))
                .transform(classes.get("fx/Swapped"));
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        assertTrue(result.diagnostics().get(0).message().startsWith("cannot rewrite fx.Swapped.apply(): an object"
                + " under construction"), result.diagnostics().get(0).message());
    }

    @Test
    void bytecodeNoVerifierWouldAcceptIsReportedNotCrashedOn() {
        // Two paths reach the await with different stack heights, as in a class file ecj once wrote.
        Map<String, byte[]> classes = classWith("Broken", 3, 1, method -> {
            org.objectweb.asm.Label join = new org.objectweb.asm.Label();
            method.visitInsn(ICONST_0);
            method.visitJumpInsn(IFEQ, join);
            method.visitInsn(ICONST_1);
            method.visitLabel(join);
            method.visitVarInsn(ALOAD, 0);
            method.visitMethodInsn(INVOKESTATIC, "dev/jawait/Await", "await", AWAIT_DESC, false);
            returnCompleted(method);
        });
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader()))
                .transform(classes.get("fx/Broken"));
        assertFalse(result.changed());
        assertEquals(1, result.diagnostics().size());
        assertTrue(result.diagnostics().get(0).message().startsWith("cannot rewrite fx.Broken.apply(): cannot"
                + " analyse the bytecode: "), result.diagnostics().get(0).message());
    }

    /**
     * A factory's result returned as a declared subtype of {@code CompletionStage}: javac refuses it, the verifier
     * accepts it (an interface type is any object to it), and the caller must still get the declared type, adapted,
     * although the first run leaves a factory's result otherwise unchecked (see {@code WrapFailures}).
     */
    @Test
    void aFactoryResultReturnedAsADeclaredStageSubtypeIsStillAdapted() throws Exception {
        ClassWriter stage = new ClassWriter(0);
        stage.visit(V1_8, ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT, "fx/Staged", null, "java/lang/Object",
                new String[] {"java/util/concurrent/CompletionStage"});
        stage.visitEnd();
        for (boolean awaits : new boolean[] {false, true}) {
            String name = awaits ? "StagedAfterAwait" : "StagedWithoutAwait";
            ClassWriter writer = new ClassWriter(0);
            writer.visit(V1_8, ACC_PUBLIC | ACC_SUPER, "fx/" + name, null, "java/lang/Object", null);
            MethodVisitor method = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "apply",
                    "(Ljava/util/concurrent/CompletableFuture;)Lfx/Staged;", null, null);
            method.visitAnnotation("Ldev/jawait/Async;", false).visitEnd();
            method.visitCode();
            if (awaits) {
                method.visitVarInsn(ALOAD, 0);
                method.visitMethodInsn(INVOKESTATIC, "dev/jawait/Await", "await", AWAIT_DESC, false);
            } else {
                method.visitLdcInsn("done");
            }
            returnCompleted(method);
            method.visitMaxs(1, 1);
            method.visitEnd();
            writer.visitEnd();
            RewrittenClasses rewritten = RewrittenClasses.rewrite(
                    Map.of("fx/Staged", stage.toByteArray(), "fx/" + name, writer.toByteArray()));
            assertTrue(rewritten.diagnostics().isEmpty(), rewritten.diagnostics().toString());
            Object result = rewritten.loadClass("fx." + name).getMethod("apply", CompletableFuture.class)
                    .invoke(null, CompletableFuture.completedFuture("done"));
            assertTrue(rewritten.loadClass("fx.Staged").isInstance(result), name + " returned " + result.getClass());
            assertEquals("done", ((CompletionStage<?>) result).toCompletableFuture().get(), name);
        }
    }
}
