package dev.jawait.transform.internal.pass;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The three kinds of typed storage in a method's frame class ({@link FrameClass}): int slots (also boolean, byte,
 * char, short, and float by its raw bits), long slots (also double by its raw bits), and reference slots. Slot
 * {@code n} of a kind is the field {@code i}n, {@code j}n or {@code l}n of the frame class, unless it keeps one source
 * variable only, whose name it then takes ({@link FrameLayout}).
 *
 * <p>The method's code keeps its frame as the runtime's {@code CallFrame} and casts it to the frame class only for the
 * field access itself: the verifier of the rewritten class then never needs the frame class, which under the agent
 * does not exist until the first suspension defines it.
 */
enum SlotKind {
    INT("i", "I"),
    LONG("j", "J"),
    REFERENCE("l", "Ljava/lang/Object;");

    private final String prefix;
    private final String descriptor;

    SlotKind(String prefix, String descriptor) {
        this.prefix = prefix;
        this.descriptor = descriptor;
    }

    static SlotKind of(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.DOUBLE:
                return LONG;
            case Type.OBJECT:
            case Type.ARRAY:
                return REFERENCE;
            default:
                return INT;
        }
    }

    /** The generic name of slot {@code slot} of this kind, for a field that no single variable names. */
    String field(int slot) {
        return prefix + slot;
    }

    String descriptor() {
        return descriptor;
    }

    /** Stack: ... → ... (the value is read from local {@code local} of type {@code type}). */
    void save(InsnList code, String frameClass, int frameLocal, String field, Type type, int local) {
        frame(code, frameClass, frameLocal);
        code.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), local));
        if (type.getSort() == Type.FLOAT) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
        } else if (type.getSort() == Type.DOUBLE) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J",
                    false));
        }
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, field, descriptor));
    }

    /** Stack: ... → ..., value (of type {@code type}, checked to it for references). */
    void load(InsnList code, String frameClass, int frameLocal, String field, Type type) {
        frame(code, frameClass, frameLocal);
        code.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, field, descriptor));
        if (type.getSort() == Type.FLOAT) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
        } else if (type.getSort() == Type.DOUBLE) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D",
                    false));
        } else if (this == REFERENCE && !type.getInternalName().equals("java/lang/Object")) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
        }
    }

    /** Stack: ... → ...; drops a reference slot's value so the frame keeps nothing alive it no longer needs. */
    void clear(InsnList code, String frameClass, int frameLocal, String field) {
        frame(code, frameClass, frameLocal);
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, field, descriptor));
    }

    private static void frame(InsnList code, String frameClass, int frameLocal) {
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new TypeInsnNode(Opcodes.CHECKCAST, frameClass));
    }
}
