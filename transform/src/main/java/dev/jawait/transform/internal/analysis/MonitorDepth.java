package dev.jawait.transform.internal.analysis;

import java.util.ArrayDeque;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;

/**
 * How many monitors a method may hold before each instruction ({@code synchronized} blocks): a suspension cannot
 * keep a monitor, which belongs to a thread, not to a call.
 */
public final class MonitorDepth {
    private static final int MAX_DEPTH = 255;
    private final int[] depth;

    private MonitorDepth(int[] depth) {
        this.depth = depth;
    }

    public static MonitorDepth of(InsnList instructions, FlowAnalysis flow) {
        int[] depth = new int[instructions.size()];
        boolean[] reached = new boolean[instructions.size()];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        reached[0] = true;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int opcode = instructions.get(i).getOpcode();
            int after = depth[i];
            if (opcode == Opcodes.MONITORENTER) {
                after = Math.min(MAX_DEPTH, after + 1);
            } else if (opcode == Opcodes.MONITOREXIT) {
                after = Math.max(0, after - 1);
            }
            for (int successor : flow.successors(i)) {
                reach(successor, after, depth, reached, work);
            }
            for (int handler : flow.handlers(i)) {
                reach(handler, depth[i], depth, reached, work);
            }
        }
        return new MonitorDepth(depth);
    }

    /** Merges by maximum: holding a monitor on any path to an instruction is enough to forbid an await there. */
    private static void reach(int insn, int incoming, int[] depth, boolean[] reached, ArrayDeque<Integer> work) {
        if (!reached[insn] || incoming > depth[insn]) {
            reached[insn] = true;
            depth[insn] = Math.max(depth[insn], incoming);
            work.add(insn);
        }
    }

    public boolean holdsMonitor(int insnIndex) {
        return depth[insnIndex] > 0;
    }
}
