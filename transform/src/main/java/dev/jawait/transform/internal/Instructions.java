package dev.jawait.transform.internal;

import org.objectweb.asm.tree.AbstractInsnNode;

/** Steps through code as it executes: past labels, line numbers and frames, which are not instructions to the JVM. */
public final class Instructions {
    private Instructions() {
    }

    /** The next real instruction after {@code insn}, or null at the end of the code. */
    public static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next;
    }

    /** The real instruction before {@code insn}, or null at the start of the code. */
    public static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode before = insn.getPrevious();
        while (before != null && before.getOpcode() < 0) {
            before = before.getPrevious();
        }
        return before;
    }
}
