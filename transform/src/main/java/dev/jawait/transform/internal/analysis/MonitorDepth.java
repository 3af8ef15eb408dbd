package dev.jawait.transform.internal.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

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

    public static MonitorDepth of(MethodNode method, FlowAnalysis flow) {
        InsnList instructions = method.instructions;
        List<List<Integer>> handlers = reachableHandlers(method);
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
            for (int handler : handlers.get(i)) {
                reach(handler, depth[i], depth, reached, work);
            }
        }
        return new MonitorDepth(depth);
    }

    /**
     * The handlers an exception thrown at each instruction can reach, in the order the JVM tries them, up to the first
     * that catches everything: the ones after it are never reached from there. Without that cut, the catch or finally
     * of a try around a {@code synchronized} block would seem to hold the monitor, since the block's instructions
     * hold it; but javac's catch-all handler of the block releases it before anything outside sees the exception.
     */
    private static List<List<Integer>> reachableHandlers(MethodNode method) {
        InsnList instructions = method.instructions;
        List<List<Integer>> handlers = new ArrayList<>(instructions.size());
        for (int i = 0; i < instructions.size(); i++) {
            handlers.add(new ArrayList<>(2));
        }
        boolean[] caughtAll = new boolean[instructions.size()];
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int handler = instructions.indexOf(block.handler);
            boolean catchesAll = block.type == null || block.type.equals("java/lang/Throwable");
            for (int i = instructions.indexOf(block.start); i < instructions.indexOf(block.end); i++) {
                if (!caughtAll[i]) {
                    handlers.get(i).add(handler);
                    caughtAll[i] = catchesAll;
                }
            }
        }
        return handlers;
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
