package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.FixtureCompiler;
import dev.jawait.testing.RewrittenClasses;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * Each rewritten method has a frame class of its own with exactly the typed fields its awaits keep, defined at the
 * method's first suspension (as under the agent: the test loader has no file for it), never before.
 */
class FrameClassTest {
    private static final String FRAMES = "fx.Frames$jawait$Frame";

    private static AsyncFixture fresh() throws Exception {
        return AsyncFixture.clean("fx.Frames", FixtureSuiteTest.source("Frames"), 11);
    }

    private static boolean anyFrameClassLoaded(AsyncFixture fixture) {
        return fixture.rewritten().hasLoaded(FRAMES + 0) || fixture.rewritten().hasLoaded(FRAMES + 1);
    }

    @Test
    void aCallThatDoesNotSuspendLoadsNoFrameClass() throws Exception {
        AsyncFixture fixture = fresh();
        assertEquals(8, fixture.call(fixture.rewritten(), "neverSuspends", 7).join());
        assertFalse(anyFrameClassLoaded(fixture));
    }

    @Test
    void aSuspendedCallsFrameHasExactlyTheSlotsItsAwaitKeeps() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "holdsFour", gate, 1, 2L, "abc", "d");
        assertFalse(call.isDone());

        Class<?> frameClass = call.getClass();
        assertTrue(frameClass.getName().startsWith(FRAMES), frameClass.getName());
        assertEquals("fx", frameClass.getPackageName());
        assertTrue(Modifier.isFinal(frameClass.getModifiers()) && frameClass.isSynthetic());
        assertEquals("dev.jawait.internal.CallFrame", frameClass.getSuperclass().getName());
        // a in an int, b in a long, c and d in references, each field named after its variable; the gate is dead
        // after the await and not kept.
        assertEquals(Map.of("a", int.class, "b", long.class, "c", Object.class, "d", Object.class),
                instanceFields(frameClass));

        gate.complete(10);
        assertEquals(1L + 2 + 3 + 1 + 10, call.join());
    }

    /** The fields of the frame of {@code method}, called with {@code arguments} that leave it suspended. */
    private static Map<String, Class<?>> fieldsOfSuspended(String method, Object... arguments) throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), method, arguments);
        assertFalse(call.isDone());
        return instanceFields(call.getClass());
    }

    private static Map<String, Class<?>> instanceFields(Class<?> frameClass) {
        Map<String, Class<?>> fields = new TreeMap<>();
        for (Field field : frameClass.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.put(field.getName(), field.getType());
            }
        }
        return fields;
    }

    @Test
    void aFieldThatKeepsDifferentVariablesAtDifferentAwaitsKeepsItsSlotsName() throws Exception {
        // first at the first await and second at the other share the int slot; two is kept at the first only.
        assertEquals(Map.of("i0", int.class, "two", Object.class),
                fieldsOfSuspended("sharesASlot", new CompletableFuture<>(), new CompletableFuture<>()));
    }

    @Test
    void aFieldThatKeepsAnOperandStackEntryKeepsItsSlotsName() throws Exception {
        assertEquals(Map.of("i0", int.class), fieldsOfSuspended("keepsAStackEntry", 5, new CompletableFuture<>()));
    }

    @Test
    void aVariableNamedLikeAnInheritedFieldOrAnotherSlotsFieldDoesNotNameItsField() throws Exception {
        // label would hide CallFrame.label in a debugger: its slot stays l0, so the int named l0 cannot have that
        // name and stays i0; the stack entry (prefix, the receiver of concat) is l1.
        assertEquals(Map.of("i0", int.class, "l0", Object.class, "l1", Object.class),
                fieldsOfSuspended("keepsClashingNames", new CompletableFuture<>(), "ab"));
    }

    @Test
    void withoutALocalVariableTableEveryFieldKeepsItsSlotsName() throws Exception {
        Map<String, byte[]> compiled = FixtureCompiler.compile(Map.of("fx.Frames", FixtureSuiteTest.source("Frames")),
                11);
        ClassWriter stripped = new ClassWriter(0);
        new ClassReader(compiled.get("fx/Frames")).accept(new ClassVisitor(Opcodes.ASM9, stripped) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitLocalVariable(String name, String descriptor, String signature, Label start,
                            Label end, int index) {
                        // dropped, as javac -g:none would
                    }
                };
            }
        }, 0);
        RewrittenClasses rewritten = RewrittenClasses.rewrite(Map.of("fx/Frames", stripped.toByteArray()));
        ClassNode frameClass = new ClassNode();
        new ClassReader(rewritten.frameClasses().get("fx/Frames$jawait$Frame0")).accept(frameClass, 0);
        Map<String, String> fields = new TreeMap<>();
        frameClass.fields.stream().filter(f -> (f.access & Opcodes.ACC_STATIC) == 0)
                .forEach(f -> fields.put(f.name, f.desc));
        assertEquals(Map.of("i0", "I", "j0", "J", "l0", "Ljava/lang/Object;", "l1", "Ljava/lang/Object;"), fields);

        CompletableFuture<Integer> gate = new CompletableFuture<>();
        java.lang.reflect.Method holdsFour = rewritten.loadClass("fx.Frames").getDeclaredMethod("holdsFour",
                CompletableFuture.class, int.class, long.class, String.class, Object.class);
        holdsFour.setAccessible(true);
        CompletableFuture<?> call = (CompletableFuture<?>) holdsFour.invoke(null, gate, 1, 2L, "abc", "d");
        gate.complete(10);
        assertEquals(1L + 2 + 3 + 1 + 10, call.join());
    }

    /**
     * Forty bytes for a frame that keeps one {@code int}: besides {@code CompletableFuture}'s two fields and its
     * slots, a frame has four (the waiter slot, one state field, the label and the shared ambient). A field added
     * here costs every suspended call; docs/benchmarks.md's memory targets depend on this count.
     */
    @Test
    void aFrameAddsFourFieldsToTheFuture() throws Exception {
        Set<String> inherited = new TreeSet<>();
        for (Class<?> type = Class.forName("dev.jawait.internal.CallFrame"); type != CompletableFuture.class;
                type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    inherited.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertEquals(Set.of("LinkableFuture.waiter", "TaskFuture.state", "CallFrame.label", "CallFrame.ambient"),
                inherited);
    }

    /** The body hands its value back to the frame itself; none may be taken for the stage the body returned. */
    @Test
    void valuesReturnedAfterAResumptionKeepTheirMeaning() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<Object> future = fixture.call(fixture.rewritten(), "returnsAFutureAsItsValue", gate);
        CompletableFuture<Object> nullValue = fixture.call(fixture.rewritten(), "returnsNullAfterResuming", gate);
        CompletableFuture<Object> nullFuture = fixture.call(fixture.rewritten(), "returnsANullFuture", gate);
        gate.complete("done");

        assertEquals("done!", ((CompletableFuture<?>) future.join()).join());
        assertNull(nullValue.join());
        CompletionException failed = assertThrows(CompletionException.class, nullFuture::join);
        assertInstanceOf(NullPointerException.class, failed.getCause());
    }
}
