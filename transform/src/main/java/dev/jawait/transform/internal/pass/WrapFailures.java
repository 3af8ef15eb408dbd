package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * For an {@code @Async} method's code as it runs in the method itself (one that never awaits, or a suspending
 * method's first run): a returned null becomes a failed future ({@link #checkReturns}), and a catch-all handler, last
 * in the exception table so the method's own handlers still come first, returns a failed future instead of throwing
 * to the caller ({@link #catchAll}).
 */
public final class WrapFailures {
    /**
     * The static factories of {@code CompletableFuture} (the JDK's, never a subclass's: the owner must be exact),
     * none of which returns null.
     */
    private static final Set<String> NON_NULL_FACTORIES = Set.of("completedFuture", "completedStage",
            "failedFuture", "failedStage", "supplyAsync", "runAsync", "allOf", "anyOf");

    private WrapFailures() {
    }

    public static void apply(MethodNode method) {
        checkReturns(method);
        catchAll(method);
    }

    /**
     * A null return becomes a failed future, as in a method that suspends. Not checked: a return whose value can
     * only come from the call right before it to a factory that never returns null, as in the usual {@code return
     * completedFuture(x)}; the check is a call that C1, which compiles a method first, inlines with the whole failure
     * path behind it, and that inlined code makes its frame bigger (see {@code docs/benchmarks.md}, cold recursion).
     */
    public static void checkReturns(MethodNode method) {
        Type returnType = Type.getReturnType(method.desc);
        // A declared type that needs adapting keeps the check, which adapts what it returns: javac compiles no such
        // return of a factory's result, but the verifier accepts one.
        boolean factoriesFit = !SplitBody.ReturnAdapter.needsAdapting(returnType);
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn.getOpcode() == Opcodes.ARETURN && !(factoriesFit && returnsFactoryResult(insn))) {
                InsnList check = new InsnList();
                check.add(RuntimeContract.RETURNED.invoke());
                SplitBody.ReturnAdapter.fitToReturnType(check, returnType);
                method.instructions.insertBefore(insn, check);
            }
        }
    }

    /**
     * Whether {@code areturn} directly follows a call to one of {@link #NON_NULL_FACTORIES}. Directly: with no label
     * between them, no jump can reach the return with another value on the stack.
     */
    private static boolean returnsFactoryResult(AbstractInsnNode areturn) {
        AbstractInsnNode before = areturn.getPrevious();
        if (before == null || before.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) before;
        String returned = Type.getReturnType(call.desc).getInternalName();
        return call.owner.equals(Names.COMPLETABLE_FUTURE) && NON_NULL_FACTORIES.contains(call.name)
                && (returned.equals(Names.COMPLETABLE_FUTURE) || returned.equals(Names.COMPLETION_STAGE));
    }

    /** The catch-all handler, around all of the method's code. */
    public static void catchAll(MethodNode method) {
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
