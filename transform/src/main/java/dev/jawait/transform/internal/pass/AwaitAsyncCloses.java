package dev.jawait.transform.internal.pass;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.TypeNotFoundException;
import dev.jawait.transform.internal.Instructions;
import dev.jawait.transform.internal.MethodDescriptions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import dev.jawait.transform.internal.SourceLines;
import dev.jawait.transform.internal.scan.AsyncMethodFinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@code async with}: in an {@code @Async} method or awaiting lambda, each {@code close()} of an {@code
 * AsyncCloseable}, which is what javac and ecj emit at every exit of a try-with-resources, becomes an await of its
 * {@code closeAsync()}:
 * <pre>
 *   ALOAD r; INVOKE* R.close()V   becomes   ALOAD r; INVOKEINTERFACE AsyncCloseable.closeAsync(); Await.await; POP
 * </pre>
 * The close on the exceptional exit (the one both compilers emit right at the handler that stored the block's
 * exception, before adding the close's own failure to it as suppressed) passes that exception: {@code
 * closeAsync(failure)}. The awaits this inserts are then rewritten like the user's own, so this pass runs before
 * the methods are classified. Elsewhere such a {@code close()} could only throw, and is reported.
 */
public final class AwaitAsyncCloses {
    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    private final List<Diagnostic> diagnostics;

    private AwaitAsyncCloses(ClassNode owner, ClassHierarchy hierarchy, List<Diagnostic> diagnostics) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.diagnostics = diagnostics;
    }

    /** Rewrites the closes of every method that may suspend; reports those of the others. */
    public static void apply(ClassNode owner, ClassHierarchy hierarchy, List<Diagnostic> diagnostics) {
        AwaitAsyncCloses pass = new AwaitAsyncCloses(owner, hierarchy, diagnostics);
        for (MethodNode method : owner.methods) {
            pass.apply(method);
        }
    }

    /** Whether a method of {@code owner} closes an AsyncCloseable (or a type that cannot be looked up). */
    public static boolean closesAny(ClassNode owner, ClassHierarchy hierarchy) {
        AwaitAsyncCloses pass = new AwaitAsyncCloses(owner, hierarchy, new ArrayList<>());
        for (MethodNode method : owner.methods) {
            List<MethodInsnNode> unknown = new ArrayList<>();
            if (!pass.asyncCloses(method, unknown).isEmpty() || !unknown.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void apply(MethodNode method) {
        List<MethodInsnNode> unknown = new ArrayList<>();
        List<MethodInsnNode> closes = asyncCloses(method, unknown);
        if (!unknown.isEmpty() && maySuspend(method)) {
            reportUnknown(method, unknown);
        }
        if (closes.isEmpty()) {
            return;
        }
        if (!maySuspend(method)) {
            reportPerResource(method, closes, Diagnostic.Severity.ERROR, close -> "try-with-resources (or close()) of"
                    + " the AsyncCloseable " + close.owner.replace('/', '.') + " in "
                    + MethodDescriptions.describe(owner, method) + ", which is not @dev.jawait.Async: its closing"
                    + " must be awaited; annotate the method @dev.jawait.Async and return a CompletableFuture (or"
                    + " CompletionStage), or await(resource.closeAsync()) yourself");
            return;
        }
        for (MethodInsnNode close : closes) {
            replace(method.instructions, close, failureLocal(method, close));
        }
    }

    /**
     * The line of the store into the resource's local that comes last before {@code close}: the line of the {@code
     * try (R r = ...)} header. The close's own line if its receiver is not a plain local.
     */
    private static int declarationLine(MethodInsnNode close) {
        AbstractInsnNode receiver = Instructions.previous(close);
        if (receiver instanceof VarInsnNode && receiver.getOpcode() == Opcodes.ALOAD) {
            int resource = ((VarInsnNode) receiver).var;
            for (AbstractInsnNode insn = receiver.getPrevious(); insn != null; insn = insn.getPrevious()) {
                if (insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == resource) {
                    return SourceLines.lineOf(insn);
                }
            }
        }
        return SourceLines.lineOf(close);
    }

    /** The closes of AsyncCloseables in {@code method}; those of types not found go to {@code unknown}. */
    private List<MethodInsnNode> asyncCloses(MethodNode method, List<MethodInsnNode> unknown) {
        List<MethodInsnNode> closes = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && insn.getOpcode() != Opcodes.INVOKESTATIC
                    && insn.getOpcode() != Opcodes.INVOKESPECIAL) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (call.name.equals("close") && call.desc.equals("()V") && !call.owner.startsWith("[")) {
                    try {
                        if (hierarchy.isAssignable(Names.ASYNC_CLOSEABLE, call.owner)) {
                            closes.add(call);
                        }
                    } catch (TypeNotFoundException notFound) {
                        unknown.add(call);
                    }
                }
            }
        }
        return closes;
    }

    /**
     * A close whose type cannot be looked up is left alone; should the type be an AsyncCloseable, the close would
     * fail only at run time, so a method that may suspend gets a warning.
     */
    private void reportUnknown(MethodNode method, List<MethodInsnNode> unknown) {
        reportPerResource(method, unknown, Diagnostic.Severity.WARNING, close -> "cannot tell whether "
                + close.owner.replace('/', '.') + ", closed in " + MethodDescriptions.describe(owner, method)
                + ", is an AsyncCloseable: its class file is not on the class path jawait was given (-cp, or the"
                + " build's dependencies); if it is one, its closing is not awaited and fails at run time");
    }

    /**
     * javac and ecj close each resource two or three times (per exit), on different lines: one report per resource,
     * on the line that declares it.
     */
    private void reportPerResource(MethodNode method, List<MethodInsnNode> closes, Diagnostic.Severity severity,
            java.util.function.Function<MethodInsnNode, String> message) {
        Set<Integer> reportedLines = new HashSet<>();
        for (MethodInsnNode close : closes) {
            int line = declarationLine(close);
            if (reportedLines.add(line)) {
                diagnostics.add(new Diagnostic(severity, owner.name, method.name, owner.sourceFile, line,
                        message.apply(close)));
            }
        }
    }

    /** The same methods the finder rewrites: {@code @Async} ones, and lambdas whose function returns a stage. */
    private boolean maySuspend(MethodNode method) {
        if (method.name.startsWith("<")) {
            return false;
        }
        if (AsyncMethodFinder.hasAsyncAnnotation(method)) {
            return true;
        }
        if (!MethodDescriptions.isLambdaBody(method)) {
            return false;
        }
        try {
            return AsyncMethodFinder.returnsStage(method, hierarchy);
        } catch (TypeNotFoundException unknown) {
            return false; // the finder reports it
        }
    }

    private static void replace(InsnList code, MethodInsnNode close, int failureLocal) {
        InsnList awaitClose = new InsnList();
        if (failureLocal >= 0) {
            awaitClose.add(new VarInsnNode(Opcodes.ALOAD, failureLocal));
            awaitClose.add(RuntimeContract.CLOSE_ASYNC_AFTER.invoke());
        } else {
            awaitClose.add(RuntimeContract.CLOSE_ASYNC.invoke());
        }
        awaitClose.add(RuntimeContract.AWAIT.invoke());
        awaitClose.add(new InsnNode(Opcodes.POP));
        code.insert(close, awaitClose);
        code.remove(close);
    }

    /**
     * The local holding the exception the block threw, if {@code close} is the exceptional exit's close: both
     * compilers emit it as {@code handler: ASTORE t; [ALOAD r; IFNULL skip;] ALOAD r; close()}, where {@code
     * handler} starts an exception handler. -1 for any other close.
     */
    private static int failureLocal(MethodNode method, MethodInsnNode close) {
        AbstractInsnNode insn = Instructions.previous(close);
        if (!(insn instanceof VarInsnNode) || insn.getOpcode() != Opcodes.ALOAD) {
            return -1;
        }
        int resource = ((VarInsnNode) insn).var;
        insn = Instructions.previous(insn);
        if (insn instanceof JumpInsnNode && (insn.getOpcode() == Opcodes.IFNULL)) {
            insn = Instructions.previous(insn);
            if (!(insn instanceof VarInsnNode) || insn.getOpcode() != Opcodes.ALOAD
                    || ((VarInsnNode) insn).var != resource) {
                return -1;
            }
            insn = Instructions.previous(insn);
        }
        if (!(insn instanceof VarInsnNode) || insn.getOpcode() != Opcodes.ASTORE) {
            return -1;
        }
        int failure = ((VarInsnNode) insn).var;
        for (AbstractInsnNode before = insn.getPrevious(); before != null && before.getOpcode() < 0;
                before = before.getPrevious()) {
            if (before instanceof LabelNode && isHandler(method, (LabelNode) before)) {
                return failure;
            }
        }
        return -1;
    }

    private static boolean isHandler(MethodNode method, LabelNode label) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (block.handler == label) {
                return true;
            }
        }
        return false;
    }
}
