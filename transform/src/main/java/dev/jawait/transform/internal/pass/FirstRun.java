package dev.jawait.transform.internal.pass;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The first run of a suspending method, in the method itself: the code as javac wrote it, where each await is a
 * one-read fast path
 * <pre>
 *   INVOKESTATIC toFuture; DUP; INVOKESTATIC tryResult    [..., future, result]
 *   DUP; GETSTATIC NOT_DONE; IF_ACMPEQ suspendN           -- not done: leave the code for the suspend path
 *   SWAP; POP                                             [..., value]
 * </pre>
 * and each {@code suspendN}, appended after the code, creates the call's frame, fills it as the resume path
 * ({@link BuildStateMachine}) will read it, and returns it. There is no resume switch, no jump into a loop and no
 * wrapper around a second method: a call that does not suspend runs in one JVM frame, as the method before rewriting
 * did (once C2 has compiled it, deep synchronous recursion through completed futures goes as deep; interpreted, and
 * compiled by C1, its frame is somewhat bigger), and the JIT sees javac's loops as they were. A throw escaping the
 * code becomes a failed future, and a returned null one too ({@link WrapFailures}); a suspend path returns the frame,
 * which is never null, unchecked.
 */
public final class FirstRun {
    private FirstRun() {
    }

    /**
     * A copy of {@code body} to build the first run from, to be taken after the passes that prepare the body and
     * before {@link BuildStateMachine} changes it: its instructions are at the same indexes as the await sites'.
     */
    public static MethodNode copyOf(MethodNode body) {
        MethodNode copy = new MethodNode(body.access, body.name, body.desc, body.signature, null);
        SplitBody.copyCode(body, copy, local -> local);
        return copy;
    }

    /**
     * Replaces the code of {@code original} by its first run, built in {@code code} (from {@link #copyOf}) for the
     * await sites of {@code machine}, which has been applied to the body.
     */
    public static void install(MethodNode original, MethodNode code, BuildStateMachine machine, int maxLocals) {
        List<BuildStateMachine.AwaitSite> sites = machine.sites();
        AbstractInsnNode[] calls = new AbstractInsnNode[sites.size()];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = code.instructions.get(sites.get(i).index);
        }
        InsnList suspendPaths = new InsnList();
        for (int i = 0; i < calls.length; i++) {
            LabelNode suspend = new LabelNode();
            code.instructions.insertBefore(calls[i], BuildStateMachine.fastPath(suspend));
            code.instructions.remove(calls[i]);
            suspendPaths.add(machine.suspendBlock(sites.get(i), suspend, false, code.tryCatchBlocks));
        }
        code.desc = original.desc; // the returns fit the method's declared type, not the body's Object
        WrapFailures.checkReturns(code);
        fitFrameReturns(suspendPaths, Type.getReturnType(code.desc));
        code.instructions.add(suspendPaths);
        WrapFailures.catchAll(code);

        original.instructions = code.instructions;
        original.tryCatchBlocks = code.tryCatchBlocks;
        original.localVariables = code.localVariables;
        original.visibleLocalVariableAnnotations = null;
        original.invisibleLocalVariableAnnotations = null;
        original.maxLocals = maxLocals;
        original.maxStack = Math.max(code.maxStack, 4);
    }

    /** A suspend path returns the call's frame, never null: it needs no check, only to fit the declared type. */
    private static void fitFrameReturns(InsnList suspendPaths, Type returnType) {
        for (AbstractInsnNode insn : suspendPaths.toArray()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                InsnList fit = new InsnList();
                SplitBody.ReturnAdapter.fitToReturnType(fit, returnType);
                suspendPaths.insertBefore(insn, fit);
            }
        }
    }

}
