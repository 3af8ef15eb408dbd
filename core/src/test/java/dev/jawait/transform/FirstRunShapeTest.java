package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.FixtureCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The shape of a rewritten method's first run (issue 12, item 3): javac's code with each await turned into a
 * one-read fast path whose not-done branch leaves for a suspend path placed after all of that code; the state machine
 * (the switch on the frame's label) is in the resume body only. Read from the rewritten class file of javac's output.
 */
class FirstRunShapeTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Shapes {",
            "    @Async",
            "    public static CompletableFuture<Integer> loop(CompletableFuture<Integer> f, int n) {",
            "        int sum = 0;",
            "        for (int i = 0; i < n; i++) {",
            "            sum += await(f);",
            "        }",
            "        try {",
            "            sum += 10 * await(f);",
            "        } catch (ArithmeticException e) {",
            "            sum = -1;",
            "        }",
            "        return CompletableFuture.completedFuture(sum);",
            "    }",
            "}");
    private static final String DESCRIPTOR = "(Ljava/util/concurrent/CompletableFuture;I)"
            + "Ljava/util/concurrent/CompletableFuture;";
    private static final String SUPPORT = "dev/jawait/internal/AwaitSupport";

    private static AsyncFixture fixture;
    private static MethodNode original;
    private static MethodNode firstRun;
    private static ClassNode rewritten;

    @BeforeAll
    static void rewrite() {
        fixture = AsyncFixture.clean("fx.Shapes", SOURCE, 17);
        original = method(read(FixtureCompiler.compile(Map.of("fx.Shapes", SOURCE), 17).get("fx/Shapes")), "loop");
        rewritten = read(fixture.rewritten().bytes("fx/Shapes"));
        firstRun = method(rewritten, "loop");
    }

    @Test
    void eachAwaitIsAOneReadFastPathAndEveryNotDoneBranchLeavesForCodeAfterAllOfIt() {
        List<Integer> reads = calls(firstRun, SUPPORT, "tryResult");
        assertEquals(2, reads.size(), "one read of the outcome per await");
        List<JumpInsnNode> notDone = notDoneBranches(firstRun);
        assertEquals(2, notDone.size());
        int lastRead = reads.get(reads.size() - 1);
        int firstSuspendPath = Integer.MAX_VALUE;
        for (JumpInsnNode branch : notDone) {
            int target = firstRun.instructions.indexOf(branch.label);
            assertTrue(target > lastRead, "a suspend path lies after the code it leaves");
            firstSuspendPath = Math.min(firstSuspendPath, target);
        }
        // Out of line: the code enters the suspend paths by the not-done branches only, nothing in them jumps back
        // into the code, and javac's handler stays in the code (the first run's catch-all, which fails the call's
        // future, is the one handler after it).
        for (int i = 0; i < firstRun.instructions.size(); i++) {
            AbstractInsnNode insn = firstRun.instructions.get(i);
            if (insn instanceof JumpInsnNode) {
                boolean intoPaths = firstRun.instructions.indexOf(((JumpInsnNode) insn).label) >= firstSuspendPath;
                if (i < firstSuspendPath) {
                    assertEquals(notDone.contains(insn), intoPaths, "a jump at " + i + " into the suspend paths");
                } else {
                    assertTrue(intoPaths, "a suspend path jumps back into the code at " + i);
                }
            }
        }
        int handlersAfter = 0;
        for (TryCatchBlockNode block : firstRun.tryCatchBlocks) {
            if (firstRun.instructions.indexOf(block.handler) >= firstSuspendPath) {
                handlersAfter++;
                assertEquals("java/lang/Throwable", block.type, "only the catch-all lies after the code");
            }
        }
        assertEquals(1, handlersAfter);
        assertEquals("java/lang/ArithmeticException", original.tryCatchBlocks.get(0).type);
        assertEquals(Opcodes.ARETURN, lastRealOpcode(firstRun));
        // The code before the suspend paths keeps javac's loop: as many backward jumps as javac wrote.
        assertEquals(backwardJumps(original, original.instructions.size()),
                backwardJumps(firstRun, firstSuspendPath));
    }

    @Test
    void theStateMachineIsInTheResumeBodyOnly() {
        assertEquals(0, switches(firstRun), "no resume switch in the first run");
        assertEquals(0, labelReads(firstRun), "the first run never reads a frame's label");
        assertTrue(switches(resumeBody()) > 0, "the resume body switches on the label");
    }

    /**
     * After a resumption, {@code return completedFuture(sum)} completes the call's frame, which is the future the
     * caller holds, with {@code sum}: no future is made to be read again (issue 12, item 4).
     */
    @Test
    void afterAResumptionReturningCompletedFutureCompletesTheFrameItself() throws Exception {
        MethodNode resumeBody = resumeBody();
        assertEquals(List.of(), calls(resumeBody, "java/util/concurrent/CompletableFuture", "completedFuture"));
        assertEquals(1, calls(resumeBody, "dev/jawait/internal/CallFrame", "returnValue").size());
        assertEquals(1, calls(firstRun, "java/util/concurrent/CompletableFuture", "completedFuture").size(),
                "the first run returns as javac wrote it");

        CompletableFuture<Integer> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "loop", pending, 1);
        assertEquals("dev.jawait.internal.CallFrame", call.getClass().getSuperclass().getName(),
                "a suspended call's future is its frame");
        pending.complete(4);
        assertEquals(4 + 40, call.getNow(null), "completed by the resumption that returned");
    }

    /** The method of the rewritten class, other than the first run, that reads a frame's label. */
    private static MethodNode resumeBody() {
        MethodNode found = null;
        for (MethodNode method : rewritten.methods) {
            if (method != firstRun && labelReads(method) > 0) {
                assertTrue(found == null, "one resume body");
                found = method;
            }
        }
        assertTrue(found != null, "a method of the class resumes frames by their label");
        return found;
    }

    @Test
    void theRewrittenMethodStillComputesWhatJavacsDid() throws Exception {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(2);
        assertEquals(3 * 2 + 20, fixture.call(fixture.rewritten(), "loop", done, 3).get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> pending = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "loop", pending, 3);
        pending.complete(1);
        assertEquals(3 + 10, call.get(10, TimeUnit.SECONDS));
    }

    private static ClassNode read(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    private static MethodNode method(ClassNode owner, String name) {
        for (MethodNode method : owner.methods) {
            if (method.name.equals(name) && method.desc.equals(DESCRIPTOR)) {
                return method;
            }
        }
        throw new AssertionError("no " + name + DESCRIPTOR + " in " + owner.name);
    }

    private static List<Integer> calls(MethodNode method, String owner, String name) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < method.instructions.size(); i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(owner)
                    && ((MethodInsnNode) insn).name.equals(name)) {
                at.add(i);
            }
        }
        return at;
    }

    /** The {@code IF_ACMPEQ} right after each {@code GETSTATIC NOT_DONE}. */
    private static List<JumpInsnNode> notDoneBranches(MethodNode method) {
        List<JumpInsnNode> branches = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode && ((FieldInsnNode) insn).name.equals("NOT_DONE")
                    && insn.getNext().getOpcode() == Opcodes.IF_ACMPEQ) {
                branches.add((JumpInsnNode) insn.getNext());
            }
        }
        return branches;
    }

    private static int backwardJumps(MethodNode method, int end) {
        int count = 0;
        for (int i = 0; i < end; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn instanceof JumpInsnNode && method.instructions.indexOf(((JumpInsnNode) insn).label) < i) {
                count++;
            }
        }
        return count;
    }

    private static int switches(MethodNode method) {
        int count = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.TABLESWITCH || insn.getOpcode() == Opcodes.LOOKUPSWITCH) {
                count++;
            }
        }
        return count;
    }

    private static int labelReads(MethodNode method) {
        int count = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.GETFIELD && ((FieldInsnNode) insn).name.equals("label")) {
                count++;
            }
        }
        return count;
    }

    private static int lastRealOpcode(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getLast(); insn != null; insn = insn.getPrevious()) {
            if (insn.getOpcode() >= 0) {
                return insn.getOpcode();
            }
        }
        return -1;
    }
}
