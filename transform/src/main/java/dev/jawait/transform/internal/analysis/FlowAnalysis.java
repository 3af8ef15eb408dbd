package dev.jawait.transform.internal.analysis;

import dev.jawait.transform.ClassHierarchy;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The typed frame before every instruction of a method, and its control-flow graph (normal and exception edges),
 * from one run of ASM's {@link Analyzer}. Unreachable instructions have a null frame.
 */
public final class FlowAnalysis {
    private final Frame<BasicValue>[] frames;
    private final List<List<Integer>> successors;
    private final List<List<Integer>> handlers;

    private FlowAnalysis(Frame<BasicValue>[] frames, List<List<Integer>> successors, List<List<Integer>> handlers) {
        this.frames = frames;
        this.successors = successors;
        this.handlers = handlers;
    }

    public static FlowAnalysis of(String owner, MethodNode method, ClassHierarchy hierarchy) throws AnalyzerException {
        int size = method.instructions.size();
        List<List<Integer>> successors = emptyLists(size);
        List<List<Integer>> handlers = emptyLists(size);
        Analyzer<BasicValue> analyzer = new Analyzer<>(new TypeInterpreter(hierarchy)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new TypedFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new TypedFrame(frame);
            }

            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                add(successors.get(insn), successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, int successor) {
                add(handlers.get(insn), successor);
                return true;
            }
        };
        return new FlowAnalysis(analyzer.analyze(owner, method), successors, handlers);
    }

    private static List<List<Integer>> emptyLists(int size) {
        List<List<Integer>> lists = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            lists.add(new ArrayList<>(2));
        }
        return lists;
    }

    private static void add(List<Integer> list, int value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    /** The frame before instruction {@code index}, or null if no path reaches it. */
    public Frame<BasicValue> frame(int index) {
        return frames[index];
    }

    public int size() {
        return frames.length;
    }

    /** Instructions that may run right after {@code index} completes normally. */
    public List<Integer> successors(int index) {
        return successors.get(index);
    }

    /** Handlers that may run if instruction {@code index} throws. */
    public List<Integer> handlers(int index) {
        return handlers.get(index);
    }
}
