package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Instructions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

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
 * <p>A second extra parameter, an {@code int}, counts the inner calls between the entry and the nearest public entry
 * or resumption. At {@value #DEPTH_LIMIT}, the entry makes no call but returns a future of the call, which the runtime
 * makes later, once the stack has unwound to the first caller that registers ({@code AwaitSupport.callLater}): a
 * recursion through completed futures needs {@value #DEPTH_LIMIT} levels of stack at most, interpreted or compiled,
 * however deep it goes.
 *
 * <p>Runs on the whole class once every method is rewritten, since a call site may be in any of them: a first run,
 * a resume path, or an inner entry.
 */
public final class InnerEntries {
    private static final String INNER_CALL_DESC = "L" + Names.INNER_CALL + ";I";
    /**
     * The inner calls made in a row before the next is made later, on an unwound stack. The interpreter's frames of a
     * rewritten method take about 150 bytes, C1's up to 370 (docs/benchmarks.md): a thousand levels fit a 1 MiB
     * thread stack with room to spare; the deferral costs a few hundred nanoseconds, once per thousand levels.
     */
    public static final int DEPTH_LIMIT = 1000;
    /** The JVM's limit on a method's parameters, in slots, {@code this} included. */
    private static final int MAX_PARAMETER_SLOTS = 255;
    /** The class whose {@code valueOf} boxes a value of each primitive sort. */
    private static final Map<Integer, String> WRAPPERS = Map.of(Type.BOOLEAN, "java/lang/Boolean",
            Type.CHAR, "java/lang/Character", Type.BYTE, "java/lang/Byte", Type.SHORT, "java/lang/Short",
            Type.INT, "java/lang/Integer", Type.FLOAT, "java/lang/Float", Type.LONG, "java/lang/Long",
            Type.DOUBLE, "java/lang/Double");

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
            // The entry's two parameters more must fit the JVM's limit.
            if ((method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0
                    && (method.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                    && !SplitBody.ReturnAdapter.needsAdapting(Type.getReturnType(method.desc))
                    && SplitBody.parameterSlots(method) + 2 <= MAX_PARAMETER_SLOTS) {
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
        Map<MethodNode, MethodNode> entries = new IdentityHashMap<>(); // inner entry -> its method's first run
        for (MethodNode target : used.values()) {
            entries.put(innerEntry(target), target);
        }
        owner.methods.addAll(entries.keySet());
        for (MethodNode method : owner.methods) {
            MethodNode innerOf = entries.get(method);
            for (AbstractInsnNode insn : method.instructions.toArray()) {
                if (awaitedCallTarget(owner, insn, targets) != null) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    InsnList marker = new InsnList();
                    marker.add(new InsnNode(Opcodes.ACONST_NULL)); // the marker, then the callee's depth
                    if (innerOf == null) {
                        marker.add(new InsnNode(Opcodes.ICONST_1)); // a public entry or a resumption: depth 0
                    } else {
                        marker.add(new VarInsnNode(Opcodes.ILOAD, depthSlot(innerOf)));
                        marker.add(new InsnNode(Opcodes.ICONST_1));
                        marker.add(new InsnNode(Opcodes.IADD));
                    }
                    method.instructions.insertBefore(call, marker);
                    call.desc = innerDesc(call.desc);
                }
            }
        }
        if ((owner.version & 0xFFFF) >= Opcodes.V1_7) { // a method handle constant needs a Java 7 class file
            entries.forEach((entry, firstRun) -> guardDepth(owner, entry, firstRun));
        }
    }

    /** The slot of the depth parameter of the inner entry of {@code firstRun}, after the marker. */
    private static int depthSlot(MethodNode firstRun) {
        return SplitBody.parameterSlots(firstRun) + 1;
    }

    /**
     * Starts {@code entry} with: at {@value #DEPTH_LIMIT} calls deep, return {@code AwaitSupport.callLater(handle of
     * the public entry, the arguments boxed, the method's site)} instead of running. The call then starts where the chain of callers
     * registers, at most {@value #DEPTH_LIMIT} levels up, on a stack unwound that far.
     */
    private static void guardDepth(ClassNode owner, MethodNode entry, MethodNode firstRun) {
        boolean isStatic = (firstRun.access & Opcodes.ACC_STATIC) != 0;
        Handle publicEntry = new Handle(isStatic ? Opcodes.H_INVOKESTATIC : Opcodes.H_INVOKESPECIAL, owner.name,
                firstRun.name, firstRun.desc, false);
        Type[] parameters = Type.getArgumentTypes(firstRun.desc);
        LabelNode run = new LabelNode();
        InsnList guard = new InsnList();
        guard.add(new VarInsnNode(Opcodes.ILOAD, depthSlot(firstRun)));
        guard.add(Ints.push(DEPTH_LIMIT));
        guard.add(new JumpInsnNode(Opcodes.IF_ICMPLT, run));
        guard.add(new LdcInsnNode(publicEntry));
        guard.add(Ints.push(parameters.length + (isStatic ? 0 : 1)));
        guard.add(new TypeInsnNode(Opcodes.ANEWARRAY, Names.OBJECT));
        int index = 0;
        int slot = 0;
        if (!isStatic) {
            guard.add(new InsnNode(Opcodes.DUP));
            guard.add(Ints.push(index++));
            guard.add(new VarInsnNode(Opcodes.ALOAD, slot++));
            guard.add(new InsnNode(Opcodes.AASTORE));
        }
        for (Type parameter : parameters) {
            guard.add(new InsnNode(Opcodes.DUP));
            guard.add(Ints.push(index++));
            guard.add(new VarInsnNode(parameter.getOpcode(Opcodes.ILOAD), slot));
            box(guard, parameter);
            guard.add(new InsnNode(Opcodes.AASTORE));
            slot += parameter.getSize();
        }
        guard.add(new LdcInsnNode(owner.name.replace('/', '.') + "|" + firstRun.name + "|"
                + (owner.sourceFile == null ? "" : owner.sourceFile) + "|"));
        guard.add(RuntimeContract.CALL_LATER.invoke());
        guard.add(new InsnNode(Opcodes.ARETURN));
        guard.add(run);
        entry.instructions.insert(guard);
        entry.maxStack = Math.max(entry.maxStack, 6); // array, array, index, a long or double value
    }

    /** Boxes the value of {@code type} on the stack, as {@code valueOf} does; a reference stays as it is. */
    private static void box(InsnList code, Type type) {
        String wrapper = WRAPPERS.get(type.getSort());
        if (wrapper != null) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, wrapper, "valueOf",
                    "(" + type.getDescriptor() + ")L" + wrapper + ";", false));
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
     * locals after the parameters move up two for the marker and the depth, and the suspend paths do not register.
     */
    private static MethodNode innerEntry(MethodNode firstRun) {
        int markerSlot = SplitBody.parameterSlots(firstRun);
        int access = (firstRun.access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STRICT))
                | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        String[] exceptions = firstRun.exceptions == null ? null : firstRun.exceptions.toArray(new String[0]);
        MethodNode entry = new MethodNode(Names.ASM_API, access, firstRun.name, innerDesc(firstRun.desc), null,
                exceptions);
        SplitBody.copyCode(firstRun, entry, local -> local >= markerSlot ? local + 2 : local);
        entry.maxLocals = firstRun.maxLocals + 2;
        for (AbstractInsnNode insn : entry.instructions) {
            if (RuntimeContract.FRAME_SUSPEND.isCalledBy(insn)) {
                ((MethodInsnNode) insn).name = RuntimeContract.FRAME_SUSPEND_DEFERRED.name();
            }
        }
        return entry;
    }
}
