package dev.jawait.transform.internal;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.internal.analysis.FlowAnalysis;
import dev.jawait.transform.internal.analysis.Liveness;
import dev.jawait.transform.internal.analysis.MonitorDepth;
import dev.jawait.transform.internal.pass.BuildStateMachine;
import dev.jawait.transform.internal.pass.FirstRun;
import dev.jawait.transform.internal.pass.MoveNewPastAwaits;
import dev.jawait.transform.internal.pass.SplitBody;
import dev.jawait.transform.internal.pass.WrapFailures;
import dev.jawait.transform.internal.scan.AsyncMethod;
import dev.jawait.transform.internal.scan.AsyncMethodFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/** Rewrites one async method of a class; the passes run in the order this driver lists them. */
public final class AsyncMethodRewriter {
    private final ClassHierarchy hierarchy;
    private final boolean loadTimeFrameNames;

    public AsyncMethodRewriter(ClassHierarchy hierarchy, boolean loadTimeFrameNames) {
        this.hierarchy = hierarchy;
        this.loadTimeFrameNames = loadTimeFrameNames;
    }

    /**
     * Rewrites {@code asyncMethod} in {@code owner}, which changes only if this returns normally.
     *
     * @param index distinguishes the synthetic methods of this method from those of the class's other ones
     * @return the method's frame class, internal name to class file, for a build to write beside the class; empty
     *     for a method that never suspends
     */
    public Map<String, byte[]> rewrite(ClassNode owner, AsyncMethod asyncMethod, int index) throws RewriteException {
        MethodNode method = asyncMethod.method();
        if (asyncMethod.awaits().isEmpty()) {
            WrapFailures.apply(method);
            return Map.of();
        }
        boolean ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        SplitBody split = new SplitBody(owner, method);
        MethodNode body = split.body();
        dropCheckedExceptionArguments(body);
        try {
            FlowAnalysis flow = FlowAnalysis.of(owner.name, body, hierarchy);
            rejectAwaitsHoldingMonitors(body, flow);
            if (MoveNewPastAwaits.apply(body, flow, awaitIndexes(body))) {
                flow = reanalyseAfterMovingNew(owner.name, body);
            }
            Liveness liveness = Liveness.of(body.instructions, flow);
            MethodNode firstRun = FirstRun.copyOf(body);
            String frameClass = Names.frameClassName(owner.name, index, loadTimeFrameNames);
            BuildStateMachine machine = new BuildStateMachine(owner.name, owner.sourceFile, ownerIsInterface,
                    owner.version & 0xFFFF, body, split.frameLocal(), frameClass);
            machine.apply(flow, liveness, awaitIndexes(body));
            FirstRun.install(method, firstRun, machine, body.maxLocals);
            owner.methods.add(body);
            return !machine.suspends() ? Map.of() : Map.of(machine.frameClass(), machine.frameClassFile());
        } catch (AnalyzerException e) {
            throw new RewriteException("cannot analyse the bytecode: " + e.getMessage(), e);
        }
    }

    /**
     * {@code await(stage, X.class)} becomes {@code await(stage)}: the class is only for javac, so it is popped,
     * and every await site then has the stage on top of the stack.
     */
    private static void dropCheckedExceptionArguments(MethodNode body) {
        for (AbstractInsnNode insn : body.instructions.toArray()) {
            if (AsyncMethodFinder.isAwaitCall(insn)
                    && ((org.objectweb.asm.tree.MethodInsnNode) insn).desc.equals(Names.AWAIT_CHECKED_DESC)) {
                body.instructions.insertBefore(insn, new org.objectweb.asm.tree.InsnNode(Opcodes.POP));
                ((org.objectweb.asm.tree.MethodInsnNode) insn).desc = Names.AWAIT_DESC;
            }
        }
    }

    /** The move assumes the uninitialized copies sit in a plain run on the stack; other shapes fail here, clearly. */
    private FlowAnalysis reanalyseAfterMovingNew(String owner, MethodNode body) throws RewriteException {
        try {
            return FlowAnalysis.of(owner, body, hierarchy);
        } catch (AnalyzerException e) {
            throw new RewriteException("an object under construction is on the stack at an await in a bytecode"
                    + " shape jawait cannot rearrange (" + e.getMessage() + "); assign the awaited value to a local"
                    + " variable first", (org.objectweb.asm.tree.AbstractInsnNode) null);
        }
    }

    private static void rejectAwaitsHoldingMonitors(MethodNode body, FlowAnalysis flow) throws RewriteException {
        MonitorDepth monitors = MonitorDepth.of(body, flow);
        for (int index : awaitIndexes(body)) {
            if (monitors.holdsMonitor(index)) {
                throw new RewriteException("await inside a synchronized block; a monitor belongs to a thread and"
                        + " cannot be held across a suspension (use an async lock, or await outside the"
                        + " synchronized block)", body.instructions.get(index));
            }
        }
    }

    private static List<Integer> awaitIndexes(MethodNode body) {
        List<Integer> indexes = new ArrayList<>();
        int i = 0;
        for (AbstractInsnNode insn : body.instructions) {
            if (AsyncMethodFinder.isAwaitCall(insn)) {
                indexes.add(i);
            }
            i++;
        }
        return indexes;
    }
}
