package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The locals that nothing assigns once an await is reached (the receiver, the parameters a method never assigns, a
 * local set before the first await) are saved into the frame once per call, at its first suspension, and the resume
 * path neither clears nor saves them again: their values must be right after every resumption, and the frame must
 * still let go of them where the call no longer needs them (at a later await where they are dead, and once the call
 * has ended, with a value or a failure), as it does of every other reference.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SavedOnceTest {
    private static final String SOURCE = """
            package fx;

            import static dev.jawait.Await.await;
            import static java.util.concurrent.CompletableFuture.completedFuture;

            import dev.jawait.Async;
            import java.util.concurrent.CompletableFuture;
            import java.util.function.Supplier;

            public class Kept {
                private final int base;

                public Kept(int base) {
                    this.base = base;
                }

                @Async
                public static CompletableFuture<String> everyKind(Supplier<CompletableFuture<Integer>> source, int n,
                        long l, double d, float f, String s, boolean z, char c) {
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += await(source.get()) + n + l + (long) d + (long) f + s.length() + (z ? 1 : 0) + c;
                    }
                    return completedFuture(sum + ":" + n + ":" + l + ":" + d + ":" + f + ":" + s + ":" + z + ":" + c);
                }

                @Async
                public CompletableFuture<String> viaReceiver(Supplier<CompletableFuture<Integer>> source, int n) {
                    StringBuilder seen = new StringBuilder();
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += await(source.get()) + base;
                        seen.append(i);
                    }
                    return completedFuture(sum + ":" + seen);
                }

                @Async
                public static CompletableFuture<Integer> assignsItsParameter(
                        Supplier<CompletableFuture<Integer>> source, int n) {
                    int sum = 0;
                    while (n > 0) {
                        sum += await(source.get()) * n;
                        n--;
                    }
                    return completedFuture(sum);
                }

                // x is assigned only where the first await's failure leads: saved at each await.
                @Async
                public static CompletableFuture<Integer> assignedInACatch(CompletableFuture<Integer> first,
                        CompletableFuture<Integer> second) {
                    int x = 1;
                    try {
                        await(first);
                    } catch (ArithmeticException e) {
                        x = 5;
                    }
                    int b = await(second);
                    return completedFuture(x * 10 + b);
                }

                // At the first await x, p and second are kept (p in the second reference field); at the second, p
                // alone (in the first): p is saved at each await.
                @Async
                public static CompletableFuture<String> inDifferentFields(Object x, Object p,
                        CompletableFuture<Integer> first, CompletableFuture<Integer> second) {
                    int a = await(first);
                    String seen = x + "," + p + "," + a;
                    int b = await(second);
                    return completedFuture(seen + "," + p + "," + b);
                }

                @Async
                public static CompletableFuture<Integer> usesThenDrops(Object big, CompletableFuture<Integer> first,
                        CompletableFuture<Integer> second) {
                    int a = await(first);
                    int seen = big.toString().length();
                    int b = await(second);
                    return completedFuture(a + seen + b);
                }

                @Async
                public static CompletableFuture<Integer> localThenDrops(Supplier<Object> make,
                        CompletableFuture<Integer> first, CompletableFuture<Integer> second) {
                    Object big = make.get();
                    int a = await(first);
                    int seen = big.toString().length();
                    int b = await(second);
                    return completedFuture(a + seen + b);
                }

                @Async
                public static CompletableFuture<Integer> usesToTheEnd(Object big, CompletableFuture<Integer> first,
                        CompletableFuture<Integer> second) {
                    int a = await(first);
                    int b = await(second);
                    return completedFuture(a + b + big.toString().length());
                }

                @Async
                public static CompletableFuture<Integer> failsAtTheEnd(Object big, CompletableFuture<Integer> first) {
                    int a = await(first);
                    if (big != null) {
                        throw new IllegalStateException("failed after " + a);
                    }
                    return completedFuture(a);
                }

                @Async
                public CompletableFuture<Integer> receiverToTheEnd(CompletableFuture<Integer> first,
                        CompletableFuture<Integer> second) {
                    int a = await(first);
                    int b = await(second);
                    return completedFuture(a + b + base);
                }
            }
            """;

    private static AsyncFixture fixture() {
        return AsyncFixture.clean("fx.Kept", SOURCE, 17);
    }

    /** A fresh fixture per test, and the two futures most calls await, completed by the test in turn. */
    private final AsyncFixture fixture = fixture();
    private final CompletableFuture<Integer> first = new CompletableFuture<>();
    private final CompletableFuture<Integer> second = new CompletableFuture<>();
    /** The calls a test started, kept strongly while it checks what their frames let go of. */
    private final List<CompletableFuture<?>> calls = new ArrayList<>();

    /** Hands out pending futures and completes them in turn, each after the call suspended on it. */
    private static final class Source implements Supplier<CompletableFuture<Integer>> {
        private final ArrayDeque<CompletableFuture<Integer>> handedOut = new ArrayDeque<>();

        @Override
        public CompletableFuture<Integer> get() {
            CompletableFuture<Integer> next = new CompletableFuture<>();
            handedOut.add(next);
            return next;
        }

        /** Completes what the call awaits until it ends; fails past 100 awaits, which none of these calls makes. */
        void completeAll(CompletableFuture<?> call) {
            for (int value = 1; !call.isDone(); value++) {
                assertTrue(value <= 100, "the call is still awaiting after 100 values");
                CompletableFuture<Integer> next = handedOut.poll();
                assertTrue(next != null, "the call neither ended nor awaited anything");
                next.complete(value);
            }
        }
    }

    @Test
    void parametersOfEveryKindKeepTheirValuesThroughEveryResumption() {
        Source source = new Source();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "everyKind", source, 5, 1L << 40, 2.5,
                3.25f, "four", true, 'c');
        assertFalse(call.isDone());
        source.completeAll(call);
        long each = 5 + (1L << 40) + 2 + 3 + 4 + 1 + 'c';
        assertEquals((1 + 2 + 3 + 4 + 5) + 5 * each + ":5:" + (1L << 40) + ":2.5:3.25:four:true:c", call.join());
    }

    @Test
    void theReceiverAndALocalSetBeforeTheFirstAwaitKeepTheirValuesThroughEveryResumption() throws Exception {
        Object kept = fixture.rewritten().loadClass("fx.Kept").getConstructor(int.class).newInstance(100);
        Source source = new Source();
        CompletableFuture<?> call = invoke(kept, "viaReceiver", source, 4);
        source.completeAll(call);
        assertEquals((1 + 2 + 3 + 4 + 4 * 100) + ":0123", call.join());
    }

    @Test
    void aParameterTheMethodAssignsIsSavedAtEachAwait() {
        Source source = new Source();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "assignsItsParameter", source, 3);
        source.completeAll(call);
        assertEquals(1 * 3 + 2 * 2 + 3 * 1, call.join());
    }

    @Test
    void aLocalAssignedWhereAnAwaitsFailureLeadsIsSavedAtEachAwait() {
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "assignedInACatch", first, second);
        first.completeExceptionally(new ArithmeticException("caught"));
        assertFalse(call.isDone());
        second.complete(2);
        assertEquals(52, call.join());
    }

    @Test
    void aParameterInDifferentFieldsAtDifferentAwaitsKeepsItsValue() {
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "inDifferentFields", "x", "p", first,
                second);
        first.complete(1);
        second.complete(2);
        assertEquals("x,p,1,p,2", call.join());
    }

    @Test
    void theResumePathSavesAParameterTheMethodNeverAssignsOnlyIntoANewFrame() throws Exception {
        // viaReceiver's loop keeps the receiver, source, n and seen, which nothing assigns once it has reached the
        // await, and i and sum, which it assigns at each iteration.
        MethodNode body = resumePathOf("viaReceiver");
        // The suspension path: the frame is made (newFrame) unless the IFNONNULL before it finds one; then saves.
        AbstractInsnNode made = null;
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof InvokeDynamicInsnNode && ((InvokeDynamicInsnNode) insn).name.equals("newFrame")) {
                made = insn;
            }
        }
        assertTrue(made != null, "no suspension path");
        JumpInsnNode frameCheck = (JumpInsnNode) made.getPrevious();
        assertEquals(Opcodes.IFNONNULL, frameCheck.getOpcode());
        List<String> intoANewFrame = new ArrayList<>();
        List<String> atEverySuspension = new ArrayList<>();
        List<String> into = intoANewFrame;
        for (AbstractInsnNode insn = made; insn != null && insn.getOpcode() != Opcodes.ARETURN; insn = insn.getNext()) {
            if (insn == frameCheck.label) {
                into = atEverySuspension;
            } else if (insn.getOpcode() == Opcodes.PUTFIELD) {
                into.add(((FieldInsnNode) insn).name);
            }
        }
        // The receiver (l0), source, n and seen go into a new frame only, whose fields then hold them; i, and sum
        // on the operand stack (i2), at every suspension.
        assertEquals(List.of("l0", "source", "n", "seen"), intoANewFrame);
        assertEquals(List.of("i", "i2", "label"), atEverySuspension);
    }

    private MethodNode resumePathOf(String method) {
        ClassNode owner = new ClassNode();
        new ClassReader(fixture.rewritten().bytes("fx/Kept")).accept(owner, 0);
        for (MethodNode candidate : owner.methods) {
            if (candidate.name.equals(method) && (candidate.access & Opcodes.ACC_STATIC) != 0
                    && candidate.desc.contains("Ldev/jawait/internal/CallFrame;)")) {
                return candidate;
            }
        }
        throw new AssertionError("no resume path for " + method);
    }

    @Test
    void aParameterDeadAtALaterAwaitIsNotKeptByTheCallSuspendedThere() throws Exception {
        WeakReference<Object> big = startWithBig("usesThenDrops", first, second);
        first.complete(1);
        assertFalse(calls.get(0).isDone());
        assertCollected(big, "the call suspended at its second await kept a parameter dead there");
        second.complete(2);
        assertEquals(1 + "big".length() + 2, calls.get(0).join());
    }

    @Test
    void aLocalSetBeforeTheFirstAwaitAndDeadAtALaterOneIsNotKeptByTheCallSuspendedThere() throws Exception {
        List<WeakReference<Object>> made = new ArrayList<>();
        Supplier<Object> make = () -> {
            Object big = new StringBuilder("big");
            made.add(new WeakReference<>(big));
            return big;
        };
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "localThenDrops", make, first, second);
        first.complete(1);
        assertFalse(call.isDone());
        assertCollected(made.get(0), "the call suspended at its second await kept a local dead there");
        second.complete(2);
        assertEquals(1 + "big".length() + 2, call.join());
    }

    @Test
    void aCallThatReturnedKeepsNoParameter() throws Exception {
        WeakReference<Object> big = startWithBig("usesToTheEnd", first, second);
        first.complete(1);
        second.complete(2);
        assertEquals(1 + 2 + "big".length(), calls.get(0).join());
        assertCollected(big, "a call that returned kept a parameter in its frame, which its caller still holds");
    }

    @Test
    void aCallThatFailedKeepsNoParameter() throws Exception {
        WeakReference<Object> big = startWithBig("failsAtTheEnd", first);
        first.complete(1);
        CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                calls.get(0)::join);
        assertEquals("failed after 1", failed.getCause().getMessage());
        assertCollected(big, "a call that failed kept a parameter in its frame, which its caller still holds");
    }

    @Test
    void aCallThatReturnedKeepsNoReceiver() throws Exception {
        WeakReference<Object> receiver = startOnNewReceiver(first, second);
        first.complete(1);
        second.complete(2);
        assertEquals(1 + 2 + 7, calls.get(0).join());
        assertCollected(receiver, "a call that returned kept its receiver in its frame");
    }

    /** Calls {@code method} with a new object first and {@code rest} after it; the object is referenced only there. */
    private WeakReference<Object> startWithBig(String method, Object... rest) {
        Object big = new StringBuilder("big");
        Object[] arguments = new Object[rest.length + 1];
        arguments[0] = big;
        System.arraycopy(rest, 0, arguments, 1, rest.length);
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), method, arguments);
        assertFalse(call.isDone());
        calls.add(call);
        return new WeakReference<>(big);
    }

    private WeakReference<Object> startOnNewReceiver(Object... arguments) throws Exception {
        Object receiver = fixture.rewritten().loadClass("fx.Kept").getConstructor(int.class).newInstance(7);
        CompletableFuture<?> call = invoke(receiver, "receiverToTheEnd", arguments);
        assertFalse(call.isDone());
        calls.add(call);
        return new WeakReference<>(receiver);
    }

    private static CompletableFuture<?> invoke(Object receiver, String method, Object... arguments) throws Exception {
        for (java.lang.reflect.Method candidate : receiver.getClass().getDeclaredMethods()) {
            if (candidate.getName().equals(method) && !candidate.isSynthetic()) {
                return (CompletableFuture<?>) candidate.invoke(receiver, arguments);
            }
        }
        throw new AssertionError("no method " + method);
    }

    private static void assertCollected(WeakReference<?> reference, String message) throws InterruptedException {
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(reference.get(), message);
    }
}
