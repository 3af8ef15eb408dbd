package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Instructions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Inner entries: where an await takes the future of a direct call to a suspending {@code @Async} method of the same
 * class (static or private, so that the call cannot dispatch elsewhere; declared to return {@code CompletableFuture}
 * or {@code CompletionStage}, so that what it returns is its frame), the call goes to that method's inner entry
 * instead. The inner entry is an overload with one more parameter, an always-null {@code InnerCall}, so that it keeps
 * the method's name in stack traces; its code is the method's first run, but its suspend paths call {@code
 * CallFrame.suspendDeferred}, which does not register on the awaited future. Since only the await that called it
 * ever holds the returned frame, the caller links itself with a plain write, and the first caller that suspends
 * through a public entry or a resumption registers the whole chain once (see {@code CallFrame}): a chain of
 * {@code @Async} calls suspending together pays no atomic operation per level to link and take its callers.
 *
 * <p>Runs on the whole class once every method is rewritten, since a call site may be in any of them: a first run,
 * a resume path, or an inner entry.
 */
public final class InnerEntries {
    private static final String INNER_CALL_DESC = "L" + Names.INNER_CALL + ";";

    private InnerEntries() {
    }

    /**
     * Adds the inner entries that the awaits of {@code owner} call, and points those awaits at them.
     *
     * @param suspending the rewritten methods that have a frame class, as their first runs were installed
     */
    public static void apply(ClassNode owner, Set<MethodNode> suspending) {
        if ((owner.access & Opcodes.ACC_INTERFACE) != 0) {
            return; // kept simple: an interface's private methods need Java 9, and its default methods dispatch
        }
        Map<String, MethodNode> targets = new LinkedHashMap<>();
        for (MethodNode method : suspending) {
            // A result adapted to the declared type is a new object, not the frame: its caller could not link to it.
            if ((method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0
                    && (method.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                    && !SplitBody.ReturnAdapter.needsAdapting(Type.getReturnType(method.desc))) {
                targets.put(method.name + method.desc, method);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        Map<String, MethodNode> used = new LinkedHashMap<>();
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                MethodNode target = awaitedCallTarget(owner, insn, targets);
                if (target != null) {
                    used.put(target.name + target.desc, target);
                }
            }
        }
        if (used.isEmpty()) {
            return;
        }
        // Copied before any call is pointed elsewhere, so each entry's own calls are pointed below like the rest.
        List<MethodNode> entries = new ArrayList<>();
        for (MethodNode target : used.values()) {
            entries.add(innerEntry(target));
        }
        owner.methods.addAll(entries);
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions.toArray()) {
                if (awaitedCallTarget(owner, insn, targets) != null) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    method.instructions.insertBefore(call, new InsnNode(Opcodes.ACONST_NULL)); // the marker
                    call.desc = innerDesc(call.desc);
                }
            }
        }
    }

    /**
     * The target of {@code insn} if it calls one of {@code targets} on {@code owner} and its result goes straight
     * to an await (the await's fast path starts with {@code toFuture}, possibly after a cast); else null.
     */
    private static MethodNode awaitedCallTarget(ClassNode owner, AbstractInsnNode insn,
            Map<String, MethodNode> targets) {
        if (!isDirectCall(owner.name, insn)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        MethodNode target = targets.get(call.name + call.desc);
        boolean opcodeFits = target != null
                && (call.getOpcode() == Opcodes.INVOKESTATIC) == ((target.access & Opcodes.ACC_STATIC) != 0);
        if (!opcodeFits) {
            return null;
        }
        AbstractInsnNode next = Instructions.next(call);
        if (next != null && next.getOpcode() == Opcodes.CHECKCAST) {
            next = Instructions.next(next);
        }
        return RuntimeContract.TO_FUTURE.isCalledBy(next) ? target : null;
    }

    /**
     * Whether the stage that {@code await} (an await, as javac wrote it) takes may come from a call that {@link
     * #apply} will point at an inner entry: a direct call to a method of {@code owner} right before it, possibly
     * cast. Such an await's suspend path may hold a callee's chain that nobody has registered yet.
     */
    static boolean mayAwaitInnerEntry(String owner, AbstractInsnNode await) {
        AbstractInsnNode before = Instructions.previous(await);
        if (before != null && before.getOpcode() == Opcodes.CHECKCAST) {
            before = Instructions.previous(before);
        }
        return before != null && isDirectCall(owner, before);
    }

    /** A call on {@code owner} by an instruction that can reach its static or private methods, as targets are. */
    private static boolean isDirectCall(String owner, AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode) || !((MethodInsnNode) insn).owner.equals(owner)) {
            return false;
        }
        int opcode = insn.getOpcode();
        return opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKESPECIAL || opcode == Opcodes.INVOKEVIRTUAL;
    }

    /** {@code desc} with the marker appended to its parameters. */
    private static String innerDesc(String desc) {
        int close = desc.indexOf(')');
        return desc.substring(0, close) + INNER_CALL_DESC + desc.substring(close);
    }

    /**
     * A copy of {@code firstRun} (the method as installed: its first run) under the inner entry's descriptor: the
     * locals after the parameters move up one for the marker, and the suspend paths do not register.
     */
    private static MethodNode innerEntry(MethodNode firstRun) {
        int markerSlot = SplitBody.parameterSlots(firstRun);
        int access = (firstRun.access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STRICT))
                | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        String[] exceptions = firstRun.exceptions == null ? null : firstRun.exceptions.toArray(new String[0]);
        MethodNode entry = new MethodNode(Names.ASM_API, access, firstRun.name, innerDesc(firstRun.desc), null,
                exceptions);
        SplitBody.copyCode(firstRun, entry, local -> local >= markerSlot ? local + 1 : local);
        entry.maxLocals = firstRun.maxLocals + 1;
        for (AbstractInsnNode insn : entry.instructions) {
            if (RuntimeContract.FRAME_SUSPEND.isCalledBy(insn)) {
                ((MethodInsnNode) insn).name = RuntimeContract.FRAME_SUSPEND_DEFERRED.name();
            }
        }
        return entry;
    }
}
