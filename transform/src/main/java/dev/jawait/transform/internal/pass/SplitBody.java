package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import dev.jawait.transform.internal.SourceLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Splits an async method in three, without touching the original until {@link #installWrapper()}:
 * <ul>
 *   <li>the <em>body</em>: a private static synthetic copy of the code, with the same name, taking the receiver (if
 *       any), the parameters and the {@code AsyncFrame} (null on the first call), and returning {@code Object}: the
 *       frame itself when it suspends, else the stage the code returned. Locals keep their slots, but for those
 *       after the parameters, which move up one to make room for the frame;
 *   <li>the <em>resumer</em>: a static bridge {@code Object name$jawait$resumeN(AsyncFrame)} that re-enters the
 *       body from a frame;
 *   <li>the <em>wrapper</em>: the original method, now calling the body and turning a throw into a failed future.
 * </ul>
 */
public final class SplitBody {
    private final ClassNode owner;
    private final MethodNode original;
    private final boolean ownerIsInterface;
    private final MethodNode body;
    private final MethodNode resumer;
    private final int frameLocal;

    public SplitBody(ClassNode owner, MethodNode original, int index) {
        this.owner = owner;
        this.original = original;
        this.ownerIsInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        boolean isStatic = (original.access & Opcodes.ACC_STATIC) != 0;
        StringBuilder bodyDesc = new StringBuilder("(");
        if (!isStatic) {
            bodyDesc.append('L').append(owner.name).append(';');
        }
        int slots = isStatic ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(original.desc)) {
            bodyDesc.append(argument.getDescriptor());
            slots += argument.getSize();
        }
        bodyDesc.append(Names.FRAME_DESC).append(")Ljava/lang/Object;");
        this.frameLocal = slots;
        this.body = copyBody(bodyDesc.toString());
        this.resumer = resumerFor(Names.resumerName(original.name, index));
    }

    public MethodNode body() {
        return body;
    }

    public MethodNode resumer() {
        return resumer;
    }

    /** The body's local that holds the {@code AsyncFrame}. */
    public int frameLocal() {
        return frameLocal;
    }

    private MethodNode copyBody(String desc) {
        MethodNode copy = new MethodNode(Names.ASM_API, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                | Opcodes.ACC_SYNTHETIC, original.name, desc, null, null);
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : original.instructions) {
            if (insn instanceof LabelNode) {
                labels.put((LabelNode) insn, new LabelNode());
            }
        }
        for (AbstractInsnNode insn : original.instructions) {
            AbstractInsnNode clone = insn.clone(labels);
            shiftLocal(clone);
            copy.instructions.add(clone);
        }
        copy.tryCatchBlocks = new ArrayList<>();
        for (TryCatchBlockNode block : original.tryCatchBlocks) {
            copy.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start), labels.get(block.end),
                    labels.get(block.handler), block.type));
        }
        copy.localVariables = new ArrayList<>();
        if (original.localVariables != null) {
            for (LocalVariableNode local : original.localVariables) {
                copy.localVariables.add(new LocalVariableNode(local.name, local.desc, local.signature,
                        labels.get(local.start), labels.get(local.end), shifted(local.index)));
            }
        }
        copy.maxLocals = original.maxLocals + 1;
        copy.maxStack = original.maxStack;
        return copy;
    }

    private void shiftLocal(AbstractInsnNode insn) {
        if (insn instanceof VarInsnNode) {
            ((VarInsnNode) insn).var = shifted(((VarInsnNode) insn).var);
        } else if (insn instanceof IincInsnNode) {
            ((IincInsnNode) insn).var = shifted(((IincInsnNode) insn).var);
        }
    }

    private int shifted(int local) {
        return local >= frameLocal ? local + 1 : local;
    }

    private MethodNode resumerFor(String name) {
        MethodNode bridge = new MethodNode(Names.ASM_API, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                | Opcodes.ACC_SYNTHETIC, name, Names.RESUME_DESC, null, null);
        Type[] parameters = Type.getArgumentTypes(body.desc);
        for (int i = 0; i < parameters.length - 1; i++) {
            bridge.instructions.add(new InsnNode(zeroOf(parameters[i])));
        }
        bridge.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        bridge.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, body.name, body.desc,
                ownerIsInterface));
        bridge.instructions.add(new InsnNode(Opcodes.ARETURN));
        return bridge;
    }

    private static int zeroOf(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                return Opcodes.LCONST_0;
            case Type.FLOAT:
                return Opcodes.FCONST_0;
            case Type.DOUBLE:
                return Opcodes.DCONST_0;
            case Type.OBJECT:
            case Type.ARRAY:
                return Opcodes.ACONST_NULL;
            default:
                return Opcodes.ICONST_0;
        }
    }

    /** Replaces the original method's code with a call to the body (receiver and arguments, then null). */
    public void installWrapper() {
        int line = SourceLines.firstLine(original);
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        code.add(start);
        if (line > 0) {
            code.add(new LineNumberNode(line, start));
        }
        Type[] parameters = Type.getArgumentTypes(body.desc);
        int slot = 0;
        for (int i = 0; i < parameters.length - 1; i++) {
            code.add(new VarInsnNode(parameters[i].getOpcode(Opcodes.ILOAD), slot));
            slot += parameters[i].getSize();
        }
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, body.name, body.desc, ownerIsInterface));
        code.add(end);
        code.add(RuntimeContract.RETURNED.invoke());
        ReturnAdapter.fitToReturnType(code, Type.getReturnType(original.desc));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(handler);
        code.add(RuntimeContract.FAILED.invoke());
        ReturnAdapter.fitToReturnType(code, Type.getReturnType(original.desc));
        code.add(new InsnNode(Opcodes.ARETURN));

        List<LocalVariableNode> parameterNames = new ArrayList<>();
        if (original.localVariables != null) {
            for (LocalVariableNode local : original.localVariables) {
                boolean known = parameterNames.stream().anyMatch(p -> p.index == local.index);
                if (local.index < frameLocal && !known) {
                    parameterNames.add(new LocalVariableNode(local.name, local.desc, local.signature, start, handler,
                            local.index));
                }
            }
        }
        original.instructions = code;
        original.tryCatchBlocks = new ArrayList<>(List.of(new TryCatchBlockNode(start, end, handler,
                Names.THROWABLE)));
        original.localVariables = parameterNames;
        original.visibleLocalVariableAnnotations = null;
        original.invisibleLocalVariableAnnotations = null;
        original.maxLocals = frameLocal;
        original.maxStack = Math.max(frameLocal + 2, 2);
    }

    /** Emits the conversion from the body's {@code Object} result to the declared return type. */
    static final class ReturnAdapter {
        private ReturnAdapter() {
        }

        static void fitToReturnType(InsnList code, Type returnType) {
            String name = returnType.getInternalName();
            if (!name.equals(Names.COMPLETION_STAGE) && !name.equals(Names.COMPLETABLE_FUTURE)) {
                code.add(new LdcInsnNode(returnType));
                code.add(RuntimeContract.ADAPT.invoke());
            }
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, name));
        }
    }
}
