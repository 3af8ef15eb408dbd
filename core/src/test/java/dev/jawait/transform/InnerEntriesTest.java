package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncStackTrace;
import dev.jawait.ThreadContext;
import dev.jawait.internal.Failures;
import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.RewrittenClasses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * An await of a direct call to a suspending {@code @Async} method of the same class calls the method's inner entry,
 * whose first run suspends without registering; the first caller that suspends otherwise registers the chain once.
 * What must hold: the chain ends with the value (or failure) the awaits say, once, whichever thread completes what
 * its innermost call awaits and whenever; a cancel reaches it; a callee whose caller fails before suspending still
 * runs to its end; and only such awaits go through inner entries.
 */
class InnerEntriesTest {
    private static final String MARKER = "Ldev/jawait/internal/InnerCall;";
    private static AsyncFixture fixture;
    private static ExecutorService completer;

    @BeforeAll
    static void compile() throws Exception {
        fixture = AsyncFixture.clean("fx.InnerCalls", FixtureSuiteTest.source("InnerCalls"), 11);
        completer = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        completer.shutdownNow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fourDeep | 11",
        "fourDeepCompletedElsewhere | 11",
        "fourDeepFailing | threw IllegalStateException: the gate failed",
        "aLevelCatches | caught gate",
        "cleanupRunsInOrder | 7 [cleanup ran]",
        "loopOfInnerCalls | 25",
        "twoInnerCallsInTurn | 407",
        "valuesOfEveryKind | null 2 3",
        "recursion | 300",
        "keptFuture | 12",
        "instanceChain | 106",
        "adaptedSubclass | 21",
        "adaptedInterface | 32",
    })
    void chainsThroughInnerEntriesEndAsTheAwaitsSay(String method, String expected) {
        fixture.assertOutcome(method, expected);
    }

    @Test
    void anAwaitOfADirectCallGoesThroughTheInnerEntryAndOnlyThat() throws Exception {
        ClassNode rewritten = new ClassNode();
        new ClassReader(fixture.rewritten().bytes("fx/InnerCalls")).accept(rewritten, 0);
        for (String method : new String[] {"level2", "level3", "level4", "cleanup", "countDown", "instanceInner"}) {
            MethodNode entry = method(rewritten, method, MARKER);
            assertTrue((entry.access & Opcodes.ACC_SYNTHETIC) != 0 && (entry.access & Opcodes.ACC_PRIVATE) != 0,
                    method + "'s inner entry is private and synthetic");
        }
        // chain is only ever called from outside, and fourDeep's await of chain(...) is a direct call: an entry.
        method(rewritten, "chain", MARKER);
        assertTrue(calls(method(rewritten, "chain", "(Ljava/util/concurrent/CompletableFuture;I)"), "level2")
                .stream().allMatch(desc -> desc.contains(MARKER)), "chain's first run awaits level2's inner entry");
        assertTrue(calls(method(rewritten, "keptFuture", "()"), "level4").stream()
                .noneMatch(desc -> desc.contains(MARKER)), "a future kept in a variable comes from the public entry");
        for (String adapted : new String[] {"subclassOf", "interfaceOf"}) {
            assertTrue(rewritten.methods.stream().noneMatch(m -> m.name.equals(adapted) && m.desc.contains(MARKER)),
                    adapted + " returns its result adapted to its declared type, not its frame: no inner entry");
        }
    }

    /**
     * The chain is registered only when its top-level call suspends, so a completion on another thread meets it
     * either not registered yet (the registration then finds the gate done and resumes the chain at once) or
     * registered: either way, one value, once.
     */
    @Test
    void aCompletionOnAnotherThreadRacingTheChainEndsItOnce() throws Exception {
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        List<Future<?>> completions = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            completions.add(completer.submit(() -> gate.complete(1)));
            calls.add(fixture.call(fixture.rewritten(), "chain", gate, 0));
        }
        for (Future<?> completion : completions) {
            completion.get(20, TimeUnit.SECONDS);
        }
        for (CompletableFuture<Object> call : calls) {
            assertEquals(11, call.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCancelOfTheTopLevelCallReachesWhatTheInnermostAwaits() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "chain", gate, 0);
        assertFalse(call.isDone());
        assertTrue(call.cancel(true));
        assertTrue(gate.isCancelled(), "the cancel went down the chain to the gate");
        RuntimeException failed = assertThrows(RuntimeException.class, call::join);
        assertTrue(Failures.unwrap(failed) instanceof CancellationException, String.valueOf(failed));
    }

    /**
     * The top-level call fails while suspending (a registered carrier's capture throws there), after its callee
     * suspended through its inner entry: the callee's chain is registered all the same, and runs its cleanup when
     * its gate completes. A checked exception (thrown sneakily) too.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCalleeWhoseCallerFailsToSuspendStillRunsToItsEnd(boolean checked) throws Exception {
        Exception refusal = checked ? new IOException("capture failed") : new IllegalStateException("capture failed");
        AtomicInteger captures = new AtomicInteger();
        Runnable unregister = ThreadContext.carry(() -> {
            if (captures.incrementAndGet() == 2) {
                throw Failures.sneakyThrow(refusal);
            }
            return null;
        }, state -> { });
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call;
        List<String> log;
        try {
            Class<?> fixtureClass = fixture.rewritten().loadClass("fx.InnerCalls");
            @SuppressWarnings("unchecked")
            List<String> cleanupLog = (List<String>) fixtureClass.getField("LOG").get(null);
            log = cleanupLog;
            log.clear();
            call = fixture.call(fixture.rewritten(), "outer", gate);
        } finally {
            unregister.run();
        }
        assertEquals(2, captures.get(), "the callee's suspension captured, then the caller's failed");
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertSame(refusal, Failures.unwrap(failed));
        assertEquals(List.of(), log);
        gate.complete(1);
        assertEquals(List.of("cleanup ran"), log, "the callee resumed when its gate completed");
    }

    /**
     * The top-level call fails before suspending, its frame not made: a frame class file that an earlier build left
     * for another version of {@code outer} is found first. Its callee had suspended through its inner entry, and its
     * chain is registered all the same (by the handler of the caller's suspend path), so it runs its cleanup when
     * its gate completes.
     */
    @Test
    void aCalleeWhoseCallerCannotMakeItsFrameStillRunsToItsEnd() throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        for (String name : fixture.rewritten().classNames()) {
            classes.put(name, fixture.rewritten().bytes(name));
        }
        int programClasses = classes.size();
        fixture.rewritten().frameClasses().forEach((name, bytes) -> {
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains("fx.InnerCalls|outer|")) {
                classes.put(name, withShape(bytes, "an earlier build's"));
            }
        });
        assertEquals(programClasses + 1, classes.size(), "outer's one frame class, stale, and the program");
        RewrittenClasses staleFrameClass = RewrittenClasses.unchanged(classes);
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) staleFrameClass.loadClass("fx.InnerCalls").getField("LOG").get(null);
        CompletableFuture<Integer> gate = new CompletableFuture<>();

        CompletableFuture<Object> call = fixture.call(staleFrameClass, "outer", gate);
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertTrue(String.valueOf(Failures.unwrap(failed).getCause()).contains("was written for another version"),
                () -> "the caller failed for its frame class: " + failed);
        assertEquals(List.of(), log);
        gate.complete(1);
        assertEquals(List.of("cleanup ran"), log, "the callee resumed when its gate completed");
    }

    /**
     * The chain's one registration, by the caller that suspends, is refused: the gate's {@code whenComplete} throws.
     * Each level then sees the failure at its own await, as it would have had it registered itself, so the callee
     * runs its cleanup and the caller fails with the failure itself. A checked exception (thrown sneakily) too.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aChainWhoseRegistrationIsRefusedFailsAtEachAwaitAndRunsToItsEnd(boolean checked) throws Exception {
        Class<?> fixtureClass = fixture.rewritten().loadClass("fx.InnerCalls");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) fixtureClass.getField("LOG").get(null);
        log.clear();
        Exception refusal = checked ? new IOException("registration refused")
                : new UnsupportedOperationException("registration refused");

        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "outer",
                new RefusingFuture<Integer>(false, refusal));

        assertTrue(call.isDone(), "the chain failed on the caller's thread, as it suspended");
        CompletionException failed = assertThrows(CompletionException.class, call::join);
        assertSame(refusal, Failures.unwrap(failed));
        assertEquals(List.of("cleanup ran"), log, "the callee saw the failure at its await");
        assertEquals(List.of("cleanup:66", "outer:60"), Arrays.stream(AsyncStackTrace.of(refusal).getStackTrace())
                .map(at -> at.getMethodName() + ":" + at.getLineNumber()).collect(Collectors.toList()),
                "each await the refusal passed through, innermost first");
    }

    /**
     * As above, with a cancel that reached the innermost call just before its registration was refused: the call
     * catches the failure and awaits again, and the cancel, still pending, reaches that await.
     */
    @Test
    void aCancelThatCameBeforeARefusedRegistrationReachesTheNextAwait() throws Exception {
        CompletableFuture<Integer> second = new CompletableFuture<>();
        RefusingFuture<Integer> first = new RefusingFuture<>(true);

        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "retried", first, second);

        assertTrue(first.isCancelled(), "the cancel reached the innermost call's first await");
        assertTrue(second.isCancelled(), "the cancel, still pending, reached the await after the caught refusal");
        assertTrue(call.isDone(), "the chain ended on the caller's thread");
        RuntimeException failed = assertThrows(RuntimeException.class, call::join);
        assertTrue(Failures.unwrap(failed) instanceof CancellationException, () -> "cancelled: " + failed);
    }

    /**
     * A future that refuses every registration, as a subclass of the program's own might; if asked, it cancels the
     * waiter first (a call's frame is the waiter it is given), as a cancel passing down the chain meanwhile would.
     */
    private static final class RefusingFuture<T> extends CompletableFuture<T> {
        private final boolean cancelsTheWaiterFirst;
        private final Throwable refusal;

        RefusingFuture(boolean cancelsTheWaiterFirst) {
            this(cancelsTheWaiterFirst, new UnsupportedOperationException("registration refused"));
        }

        /** {@code refusal} may be a checked exception, thrown sneakily. */
        RefusingFuture(boolean cancelsTheWaiterFirst, Throwable refusal) {
            this.cancelsTheWaiterFirst = cancelsTheWaiterFirst;
            this.refusal = refusal;
        }

        @Override
        public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
            if (cancelsTheWaiterFirst) {
                ((CompletableFuture<?>) action).cancel(false);
            }
            throw Failures.sneakyThrow(refusal);
        }
    }

    /** Every await that goes through an inner entry has its suspend path guarded so, in every method it is in. */
    @Test
    void everyAwaitOfAnInnerEntryRegistersTheCalleeIfItsCallerFailsToSuspend() throws Exception {
        ClassNode rewritten = new ClassNode();
        new ClassReader(fixture.rewritten().bytes("fx/InnerCalls")).accept(rewritten, 0);
        int innerCalls = 0;
        for (MethodNode method : rewritten.methods) {
            int inMethod = 0;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).desc.contains(MARKER)) {
                    inMethod++;
                }
            }
            long guards = calls(method).stream().filter(name -> name.equals("registerAbandoned")).count();
            assertTrue(guards >= inMethod, method.name + method.desc + ": " + inMethod + " inner calls, " + guards
                    + " handlers");
            innerCalls += inMethod;
            for (int i = 0; i < method.tryCatchBlocks.size(); i++) {
                TryCatchBlockNode guard = method.tryCatchBlocks.get(i);
                if (!calls(guard.handler).equals("registerAbandoned")) {
                    continue;
                }
                String where = method.name + method.desc + "'s guard " + i;
                for (AbstractInsnNode insn = guard.start; insn != guard.end; insn = insn.getNext()) {
                    assertFalse(insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.startsWith("suspend"),
                            where + " leaves the suspension to itself");
                    assertFalse(insn == guard.handler, where + " does not cover itself");
                }
                for (int j = 0; j < i; j++) {
                    assertFalse(covers(method, method.tryCatchBlocks.get(j), guard), where + " comes first");
                }
            }
        }
        assertTrue(innerCalls >= 10, "the fixture has " + innerCalls + " inner calls");
    }

    /** The name of the first method called at or after {@code from}. */
    private static String calls(AbstractInsnNode from) {
        for (AbstractInsnNode insn = from; insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode) {
                return ((MethodInsnNode) insn).name;
            }
        }
        return "";
    }

    /** Whether {@code outer}'s range takes in {@code inner}'s. */
    private static boolean covers(MethodNode method, TryCatchBlockNode outer, TryCatchBlockNode inner) {
        int start = method.instructions.indexOf(inner.start);
        int end = method.instructions.indexOf(inner.end);
        return method.instructions.indexOf(outer.start) <= start && end <= method.instructions.indexOf(outer.end);
    }

    private static byte[] withShape(byte[] frameClass, String shape) {
        ClassNode node = new ClassNode();
        new ClassReader(frameClass).accept(node, 0);
        node.fields.stream().filter(field -> field.name.equals("jawait$shape")).findFirst()
                .orElseThrow(() -> new AssertionError("no shape in " + node.name)).value = shape;
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    /** The names of the methods {@code method} calls, in order. */
    private static List<String> calls(MethodNode method) {
        List<String> names = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode) {
                names.add(((MethodInsnNode) insn).name);
            }
        }
        return names;
    }

    private static MethodNode method(ClassNode owner, String name, String descriptorStart) {
        for (MethodNode method : owner.methods) {
            if (method.name.equals(name) && (descriptorStart.equals(MARKER) ? method.desc.contains(MARKER)
                    : method.desc.startsWith(descriptorStart))) {
                return method;
            }
        }
        throw new AssertionError("no " + name + " " + descriptorStart + " in " + owner.name);
    }

    /** The descriptors of {@code method}'s calls to {@code name}. */
    private static List<String> calls(MethodNode method, String name) {
        List<String> descriptors = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals(name)) {
                descriptors.add(((MethodInsnNode) insn).desc);
            }
        }
        assertFalse(descriptors.isEmpty(), method.name + " calls " + name);
        return descriptors;
    }
}
