package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Copies an async method's code into its <em>body</em>, without touching the original: a static synthetic method with
 * the same name, taking the receiver (if any), the parameters and the frame, and returning {@code Object}: the frame
 * itself when it suspends, else the stage the code returned. Locals keep their slots, but for those after the
 * parameters, which move up one to make room for the frame. The body is the resume path; the method's frame class
 * calls it, so it is package-private (public in an interface, which has no package access), not private.
 */
public final class SplitBody {
    private final MethodNode original;
    private final boolean ownerIsInterface;
    private final MethodNode body;
    private final int frameLocal;

    public SplitBody(ClassNode owner, MethodNode original) {
        this.original = original;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        boolean isStatic = (original.access & Opcodes.ACC_STATIC) != 0;
        StringBuilder bodyDesc = new StringBuilder("(");
        if (!isStatic) {
            bodyDesc.append('L').append(owner.name).append(';');
        }
        for (Type argument : Type.getArgumentTypes(original.desc)) {
            bodyDesc.append(argument.getDescriptor());
        }
        bodyDesc.append(Names.FRAME_DESC).append(")Ljava/lang/Object;");
        this.frameLocal = parameterSlots(original);
        this.body = copyBody(bodyDesc.toString());
    }

    public MethodNode body() {
        return body;
    }

    /** The body's local that holds the frame. */
    public int frameLocal() {
        return frameLocal;
    }

    /** The local slots that {@code method}'s receiver, if any, and parameters take: where its other locals start. */
    static int parameterSlots(MethodNode method) {
        int slots = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            slots += argument.getSize();
        }
        return slots;
    }

    private MethodNode copyBody(String desc) {
        int access = (ownerIsInterface ? Opcodes.ACC_PUBLIC : 0) | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        MethodNode copy = new MethodNode(Names.ASM_API, access, original.name, desc, null, null);
        copyCode(original, copy, this::shifted);
        copy.maxLocals = original.maxLocals + 1;
        return copy;
    }

    /**
     * Copies {@code from}'s instructions, exception table and local-variable table into {@code to}, with fresh labels
     * and each local renumbered by {@code local}.
     */
    static void copyCode(MethodNode from, MethodNode to, IntUnaryOperator local) {
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : from.instructions) {
            if (insn instanceof LabelNode) {
                labels.put((LabelNode) insn, new LabelNode());
            }
        }
        for (AbstractInsnNode insn : from.instructions) {
            AbstractInsnNode clone = insn.clone(labels);
            if (clone instanceof VarInsnNode) {
                ((VarInsnNode) clone).var = local.applyAsInt(((VarInsnNode) clone).var);
            } else if (clone instanceof IincInsnNode) {
                ((IincInsnNode) clone).var = local.applyAsInt(((IincInsnNode) clone).var);
            }
            to.instructions.add(clone);
        }
        to.tryCatchBlocks = new ArrayList<>();
        for (TryCatchBlockNode block : from.tryCatchBlocks) {
            to.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start), labels.get(block.end),
                    labels.get(block.handler), block.type));
        }
        to.localVariables = new ArrayList<>();
        if (from.localVariables != null) {
            for (LocalVariableNode variable : from.localVariables) {
                to.localVariables.add(new LocalVariableNode(variable.name, variable.desc, variable.signature,
                        labels.get(variable.start), labels.get(variable.end), local.applyAsInt(variable.index)));
            }
        }
        to.maxStack = from.maxStack;
    }

    private int shifted(int local) {
        return local >= frameLocal ? local + 1 : local;
    }

    /** Emits the conversion from the body's {@code Object} result to the declared return type. */
    static final class ReturnAdapter {
        private ReturnAdapter() {
        }

        static void fitToReturnType(InsnList code, Type returnType) {
            if (needsAdapting(returnType)) {
                code.add(new LdcInsnNode(returnType));
                code.add(RuntimeContract.ADAPT.invoke());
            }
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, returnType.getInternalName()));
        }

        /**
         * Whether a method declaring {@code returnType} returns, not its frame or the stage its code returned, but a
         * new object of that type made from it: any subtype of {@code CompletionStage} but {@code
         * CompletableFuture}.
         */
        static boolean needsAdapting(Type returnType) {
            String name = returnType.getInternalName();
            return !name.equals(Names.COMPLETION_STAGE) && !name.equals(Names.COMPLETABLE_FUTURE);
        }
    }
}
