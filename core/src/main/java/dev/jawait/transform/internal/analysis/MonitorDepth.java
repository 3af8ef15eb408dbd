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
        ArrayDeque<Integer> work = new ArrayDeque<>();
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
                if (after > depth[successor]) {
                    depth[successor] = after;
                    work.add(successor);
                }
            }
            for (int handler : flow.handlers(i)) {
                if (depth[i] > depth[handler]) {
                    depth[handler] = depth[i];
                    work.add(handler);
                }
            }
        }
        return new MonitorDepth(depth);
    }

    public boolean holdsMonitor(int insnIndex) {
        return depth[insnIndex] > 0;
    }
}
