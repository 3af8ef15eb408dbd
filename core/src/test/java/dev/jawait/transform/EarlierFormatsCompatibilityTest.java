package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Classes rewritten by earlier jawaits (rewritten-code formats 2 to 5) keep running on the current runtime, and the
 * current transformer leaves them as they are.
 *
 * <p>{@code formatN/Format2.class.bin} is {@code format2/Format2.java} (its class named for the first format kept)
 * compiled by javac 17 ({@code --release 11 -g}) and rewritten by the last transformer writing format N, kept as bytes:
 * those transformers are no longer in the tree, and their output is what users' builds hold.
 * <ul>
 *   <li>2: commit 68b6f37^, the generic frame {@code AsyncFrame} and its resumer;
 *   <li>3: a4a3220^, a frame class per method and the first run in the method;
 *   <li>4: 8c87a18^, inner entries for awaits of direct calls;
 *   <li>5: 0e74729^, inner entries that take their depth and defer deep calls, and a resume body that takes the
 *       awaited future from the frame and reads it itself (format 6's takes the outcome).
 * </ul>
 * Frame classes are inside the class files of formats 3 to 5, as constants of the invokedynamic that defines them.
 */
class EarlierFormatsCompatibilityTest {
    private static byte[] rewrittenClass(int format) throws IOException {
        try (InputStream in = EarlierFormatsCompatibilityTest.class
                .getResourceAsStream("/format" + format + "/Format2.class.bin")) {
            return in.readAllBytes();
        }
    }

    /** Defines the class of one format over the current runtime. */
    private static final class EarlierFormatLoader extends ClassLoader {
        private final int format;

        EarlierFormatLoader(int format) {
            super(EarlierFormatsCompatibilityTest.class.getClassLoader());
            this.format = format;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.equals("fx.Format2")) {
                throw new ClassNotFoundException(name);
            }
            try {
                byte[] bytes = rewrittenClass(format);
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> call(int format, String method, Object... arguments) throws Exception {
        for (Method candidate : new EarlierFormatLoader(format).loadClass("fx.Format2").getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                try {
                    return (CompletableFuture<T>) candidate.invoke(null, arguments);
                } catch (InvocationTargetException e) {
                    throw new AssertionError("a format-" + format + " call threw synchronously", e.getCause());
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void itIsAClassOfItsFormatThatTheCurrentTransformerLeavesAsItIs(int format) throws Exception {
        byte[] bytes = rewrittenClass(format);
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), new EarlierFormatLoader(format), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE);
        AnnotationNode marker = node.invisibleAnnotations.stream()
                .filter(a -> a.desc.equals("Ldev/jawait/internal/Rewritten;")).findFirst().orElseThrow();
        assertEquals(format, marker.values.get(marker.values.indexOf("format") + 1));
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(format == 2, text.contains("dev/jawait/internal/AsyncFrame"), "the generic frame of format 2");
        assertEquals(format >= 4, text.contains("suspendDeferred"), "inner entries since format 4");

        TransformResult result = new Transformer(new ClassHierarchy(name -> {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        })).transform(bytes);
        assertTrue(result.alreadyRewritten());
        assertFalse(result.changed());
        assertFalse(result.hasErrors(), result.diagnostics()::toString);
    }

    static IntStream formats() {
        return IntStream.rangeClosed(2, 5);
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aLoopThatSuspendsAtEveryAwaitKeepsItsIntLongAndDouble(int format) throws Exception {
        Deque<CompletableFuture<Integer>> handedOut = new ArrayDeque<>();
        Supplier<CompletableFuture<Integer>> source = () -> {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            handedOut.add(future);
            return future;
        };
        CompletableFuture<String> call = call(format, "sum", source, 3);
        for (int value = 1; value <= 3; value++) {
            assertFalse(call.isDone());
            handedOut.remove().complete(value);
        }
        assertEquals("3:6:3.0", call.join());
        assertTrue(handedOut.isEmpty());
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aFailedAwaitThrowsTheOriginalExceptionWhereItWas(int format) throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call(format, "catches", gate);
        gate.completeExceptionally(new IllegalStateException("boom"));
        assertEquals("caught boom", call.join());
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aThrowAfterAResumptionFailsTheCallsFuture(int format) throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call(format, "throwsAfterResuming", gate);
        gate.complete("x");
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertInstanceOf(IllegalArgumentException.class, failed.getCause());
        assertEquals("after x", failed.getCause().getMessage());
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aCallOfTheFormatAwaitsAnother(int format) throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call(format, "outer", gate);
        gate.complete("v");
        assertEquals("outer(inner(v))", call.join());
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aCancellationIsDeliveredAtThePendingAwait(int format) throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call(format, "cancellable", gate);
        assertTrue(call.cancel(true));
        assertTrue(gate.isCancelled());
        assertEquals("cancelled at the await", call.join());
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void itSleepsOnTheEventLoop(int format) {
        long start = System.nanoTime();
        assertEquals("slept twice", Tasks.run(() -> {
            try {
                return call(format, "sleeps");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(System.nanoTime() - start >= 2_000_000L);
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aCallThatDoesNotSuspendCompletesAtOnce(int format) throws Exception {
        CompletableFuture<Integer> call = call(format, "neverSuspends", 1);
        assertTrue(call.isDone());
        assertEquals(2, call.join());
    }

    /** A class rewritten now awaits a call of an earlier format (a new library over an old one), resumed by it. */
    @ParameterizedTest(name = "format {0}")
    @MethodSource("formats")
    void aCurrentFormatCallAwaitsACallOfTheFormat(int format) throws Exception {
        AsyncFixture fixture = AsyncFixture.clean("fx.Mixed", String.join("\n",
                "package fx;",
                "import static dev.jawait.Await.await;",
                "import dev.jawait.Async;",
                "import java.util.concurrent.CompletableFuture;",
                "import java.util.function.Function;",
                "public class Mixed {",
                "    @Async",
                "    static CompletableFuture<String> overOld(",
                "            Function<CompletableFuture<String>, CompletableFuture<String>> old,",
                "            CompletableFuture<String> gate) {",
                "        int calls = 1;",
                "        String value = await(old.apply(gate));",
                "        return CompletableFuture.completedFuture(\"new(\" + value + \")\" + calls);",
                "    }",
                "}"), 11);
        Function<CompletableFuture<String>, CompletableFuture<String>> old = gate -> {
            try {
                return call(format, "outer", gate);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "overOld", old, gate);
        assertFalse(call.isDone());
        assertNull(gate.getNow(null));
        gate.complete("v");
        assertEquals("new(outer(inner(v)))1", call.join());
    }
}
