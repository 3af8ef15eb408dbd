package dev.jawait.transform.internal;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Source line numbers of instructions, from the line-number nodes that precede them. */
public final class SourceLines {
    private SourceLines() {
    }

    /** The line of {@code insn}, or -1 if the method has no line numbers before it. */
    public static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode node = insn; node != null; node = node.getPrevious()) {
            if (node instanceof LineNumberNode) {
                return ((LineNumberNode) node).line;
            }
        }
        return -1;
    }

    /** The line of the code that starts at {@code label} (a catch's, at its handler), or else of what precedes it. */
    public static int lineAt(AbstractInsnNode label) {
        for (AbstractInsnNode node = label; node != null && node.getOpcode() < 0; node = node.getNext()) {
            if (node instanceof LineNumberNode) {
                return ((LineNumberNode) node).line;
            }
        }
        return lineOf(label);
    }

    /** The first line of the method's code, or -1. */
    public static int firstLine(MethodNode method) {
        for (AbstractInsnNode node = method.instructions.getFirst(); node != null; node = node.getNext()) {
            if (node instanceof LineNumberNode) {
                return ((LineNumberNode) node).line;
            }
        }
        return -1;
    }
}
