package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * For an {@code @Async} method's code as it runs in the method itself (one that never awaits, or a suspending
 * method's first run): a catch-all handler, last in the exception table so the method's own handlers still come first,
 * that returns a failed future instead of throwing to the caller.
 */
public final class WrapFailures {
    private WrapFailures() {
    }

    public static void apply(MethodNode method) {
        // A null return becomes a failed future, as in a method that suspends.
        for (org.objectweb.asm.tree.AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                InsnList check = new InsnList();
                check.add(RuntimeContract.RETURNED.invoke());
                SplitBody.ReturnAdapter.fitToReturnType(check, Type.getReturnType(method.desc));
                method.instructions.insertBefore(insn, check);
            }
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        method.instructions.insert(start);
        method.instructions.add(end);
        InsnList handler = new InsnList();
        LabelNode handlerStart = new LabelNode();
        handler.add(handlerStart);
        handler.add(RuntimeContract.FAILED.invoke());
        SplitBody.ReturnAdapter.fitToReturnType(handler, Type.getReturnType(method.desc));
        handler.add(new InsnNode(Opcodes.ARETURN));
        method.instructions.add(handler);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handlerStart, Names.THROWABLE));
    }
}
