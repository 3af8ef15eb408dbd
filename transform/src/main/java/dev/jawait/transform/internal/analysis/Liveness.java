package dev.jawait.transform.internal.analysis;

import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variables are live (may still be read) before each instruction: a suspension saves only those, so
 * that a frame never keeps a dead value, such as an earlier iteration's future, reachable.
 */
public final class Liveness {
    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    public static Liveness of(InsnList instructions, FlowAnalysis flow) {
        int size = instructions.size();
        BitSet[] liveIn = new BitSet[size];
        for (int i = 0; i < size; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = size - 1; i >= 0; i--) {
                if (flow.frame(i) == null) {
                    continue;
                }
                BitSet live = new BitSet();
                for (int successor : flow.successors(i)) {
                    live.or(liveIn[successor]);
                }
                AbstractInsnNode insn = instructions.get(i);
                int defined = assignedLocal(insn);
                if (defined >= 0) {
                    live.clear(defined);
                }
                int used = usedLocal(insn);
                if (used >= 0) {
                    live.set(used);
                }
                // The exception may be thrown before this instruction stores anything.
                for (int handler : flow.handlers(i)) {
                    live.or(liveIn[handler]);
                }
                if (!live.equals(liveIn[i])) {
                    liveIn[i] = live;
                    changed = true;
                }
            }
        }
        return new Liveness(liveIn);
    }

    public boolean isLiveBefore(int insnIndex, int local) {
        return liveIn[insnIndex].get(local);
    }

    private static int usedLocal(AbstractInsnNode insn) {
        if (insn instanceof IincInsnNode) {
            return ((IincInsnNode) insn).var;
        }
        int opcode = insn.getOpcode();
        if ((opcode >= Opcodes.ILOAD && opcode <= Opcodes.ALOAD) || opcode == Opcodes.RET) {
            return ((VarInsnNode) insn).var;
        }
        return -1;
    }

    /**
     * The local that {@code insn} assigns, a store or an {@code IINC}, or -1. An {@code IINC} reads its local too, so
     * the local stays live before it ({@link #usedLocal}).
     */
    public static int assignedLocal(AbstractInsnNode insn) {
        if (insn instanceof IincInsnNode) {
            return ((IincInsnNode) insn).var;
        }
        int opcode = insn.getOpcode();
        if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE) {
            return ((VarInsnNode) insn).var;
        }
        return -1;
    }
}
