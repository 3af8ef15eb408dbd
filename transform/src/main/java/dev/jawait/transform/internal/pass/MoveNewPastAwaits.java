package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.RewriteException;
import dev.jawait.transform.internal.analysis.FlowAnalysis;
import dev.jawait.transform.internal.analysis.NewValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Normalizes {@code new X(a, await(b))}: javac emits {@code NEW X; DUP} before the arguments, so the uninitialized
 * object would sit on the operand stack at the await, where it cannot be saved (the verifier forbids storing it).
 * This pass deletes that {@code NEW X; DUP} and emits it right before the constructor call instead, after the
 * arguments are stored into fresh locals:
 * <pre>
 *   NEW X; DUP; args...; INVOKESPECIAL X.&lt;init&gt;   becomes   args...; xSTORE t..; NEW X; DUP; xLOAD t..; INVOKESPECIAL
 * </pre>
 * Argument order and evaluation are unchanged; only the allocation moves. The number of DUPs after the NEW is kept:
 * none when the new object is not used (ecj compiles {@code new X(await(f));} as a statement so), two or more in
 * hand-written bytecode.
 */
public final class MoveNewPastAwaits {
    private MoveNewPastAwaits() {
    }

    /** Returns whether the method changed (then its flow analysis must be redone). */
    public static boolean apply(MethodNode body, FlowAnalysis flow, List<Integer> awaitIndexes)
            throws RewriteException {
        Map<AbstractInsnNode, List<MethodInsnNode>> pending = new LinkedHashMap<>();
        for (int index : awaitIndexes) {
            Frame<BasicValue> frame = flow.frame(index);
            if (frame == null) {
                continue;
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (frame.getStack(i) instanceof NewValue) {
                    pending.put(((NewValue) frame.getStack(i)).newInsn(), new ArrayList<>());
                }
            }
            for (int i = 0; i < frame.getLocals(); i++) {
                if (frame.getLocal(i) instanceof NewValue) {
                    throw new RewriteException("an object under construction is held in a local variable across"
                            + " an await; this bytecode shape is not supported", body.instructions.get(index));
                }
            }
        }
        if (pending.isEmpty()) {
            return false;
        }
        for (int i = 0; i < body.instructions.size(); i++) {
            AbstractInsnNode insn = body.instructions.get(i);
            Frame<BasicValue> frame = flow.frame(i);
            if (frame == null || insn.getOpcode() != Opcodes.INVOKESPECIAL
                    || !((MethodInsnNode) insn).name.equals("<init>")) {
                continue;
            }
            int arguments = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
            BasicValue receiver = frame.getStack(frame.getStackSize() - arguments - 1);
            if (receiver instanceof NewValue && pending.containsKey(((NewValue) receiver).newInsn())) {
                pending.get(((NewValue) receiver).newInsn()).add((MethodInsnNode) insn);
            }
        }
        for (Map.Entry<AbstractInsnNode, List<MethodInsnNode>> entry : pending.entrySet()) {
            move((TypeInsnNode) entry.getKey(), entry.getValue(), body);
        }
        return true;
    }

    private static void move(TypeInsnNode newInsn, List<MethodInsnNode> constructorCalls, MethodNode body)
            throws RewriteException {
        List<AbstractInsnNode> dups = new ArrayList<>();
        for (AbstractInsnNode next = newInsn.getNext(); next != null && next.getOpcode() == Opcodes.DUP;
                next = next.getNext()) {
            dups.add(next);
        }
        if (constructorCalls.isEmpty()) {
            throw new RewriteException("an object under construction (new " + newInsn.desc.replace('/', '.')
                    + ") is on the stack at an await, and no constructor call for it was found;"
                    + " assign the awaited value to a local variable first", newInsn);
        }
        for (MethodInsnNode call : constructorCalls) {
            Type[] arguments = Type.getArgumentTypes(call.desc);
            int[] temps = new int[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                temps[i] = body.maxLocals;
                body.maxLocals += arguments[i].getSize();
            }
            InsnList moved = new InsnList();
            for (int i = arguments.length - 1; i >= 0; i--) {
                moved.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), temps[i]));
            }
            moved.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
            for (int i = 0; i < dups.size(); i++) {
                moved.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < arguments.length; i++) {
                moved.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), temps[i]));
            }
            body.instructions.insertBefore(call, moved);
        }
        for (AbstractInsnNode dup : dups) {
            body.instructions.remove(dup);
        }
        body.instructions.remove(newInsn);
    }
}
