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
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A class rewritten by the previous jawait (rewritten-code format 2, the generic frame {@code AsyncFrame}) keeps
 * running on the current runtime, and the current transformer leaves it as it is.
 *
 * <p>{@code format2/Format2.class.bin} is {@code format2/Format2.java} compiled by javac 17 ({@code --release 11
 * -g}) and rewritten by the transformer of commit 68b6f37^ (the last one writing format 2), kept as bytes: that
 * transformer is no longer in the tree, and its output is what users' builds hold.
 */
class Format2CompatibilityTest {
    private static byte[] format2Class() throws IOException {
        try (InputStream in = Format2CompatibilityTest.class.getResourceAsStream("/format2/Format2.class.bin")) {
            return in.readAllBytes();
        }
    }

    /** Defines the format-2 class over the current runtime. */
    private static final class Format2Loader extends ClassLoader {
        Format2Loader() {
            super(Format2CompatibilityTest.class.getClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.equals("fx.Format2")) {
                throw new ClassNotFoundException(name);
            }
            try {
                byte[] bytes = format2Class();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> call(String method, Object... arguments) throws Exception {
        for (Method candidate : new Format2Loader().loadClass("fx.Format2").getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
                try {
                    return (CompletableFuture<T>) candidate.invoke(null, arguments);
                } catch (InvocationTargetException e) {
                    throw new AssertionError("a format-2 call threw synchronously", e.getCause());
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    @Test
    void itIsAFormat2ClassThatTheCurrentTransformerLeavesAsItIs() throws Exception {
        byte[] bytes = format2Class();
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), new Format2Loader(), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("dev/jawait/internal/AsyncFrame"));

        TransformResult result = new Transformer(new ClassHierarchy(name -> {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        })).transform(bytes);
        assertTrue(result.alreadyRewritten());
        assertFalse(result.changed());
        assertFalse(result.hasErrors(), result.diagnostics()::toString);
    }

    @Test
    void aLoopThatSuspendsAtEveryAwaitKeepsItsIntLongAndDouble() throws Exception {
        Deque<CompletableFuture<Integer>> handedOut = new ArrayDeque<>();
        Supplier<CompletableFuture<Integer>> source = () -> {
            CompletableFuture<Integer> future = new CompletableFuture<>();
            handedOut.add(future);
            return future;
        };
        CompletableFuture<String> call = call("sum", source, 3);
        for (int value = 1; value <= 3; value++) {
            assertFalse(call.isDone());
            handedOut.remove().complete(value);
        }
        assertEquals("3:6:3.0", call.join());
        assertTrue(handedOut.isEmpty());
    }

    @Test
    void aFailedAwaitThrowsTheOriginalExceptionWhereItWas() throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call("catches", gate);
        gate.completeExceptionally(new IllegalStateException("boom"));
        assertEquals("caught boom", call.join());
    }

    @Test
    void aThrowAfterAResumptionFailsTheCallsFuture() throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call("throwsAfterResuming", gate);
        gate.complete("x");
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertInstanceOf(IllegalArgumentException.class, failed.getCause());
        assertEquals("after x", failed.getCause().getMessage());
    }

    @Test
    void aFormat2CallAwaitsAnother() throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call("outer", gate);
        gate.complete("v");
        assertEquals("outer(inner(v))", call.join());
    }

    @Test
    void aCancellationIsDeliveredAtThePendingAwait() throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> call = call("cancellable", gate);
        assertTrue(call.cancel(true));
        assertTrue(gate.isCancelled());
        assertEquals("cancelled at the await", call.join());
    }

    @Test
    void itSleepsOnTheEventLoop() {
        long start = System.nanoTime();
        assertEquals("slept twice", Tasks.run(() -> {
            try {
                return call("sleeps");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(System.nanoTime() - start >= 2_000_000L);
    }

    @Test
    void aCallThatDoesNotSuspendCompletesAtOnce() throws Exception {
        CompletableFuture<Integer> call = call("neverSuspends", 1);
        assertTrue(call.isDone());
        assertEquals(2, call.join());
    }

    /** A class rewritten now awaits a format-2 call (a new library over an old one), and is resumed by it. */
    @Test
    void aCurrentFormatCallAwaitsAFormat2Call() throws Exception {
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
                return call("outer", gate);
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
